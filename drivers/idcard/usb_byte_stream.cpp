// The USB byte stream: bulk writes in one go, bulk reads of whole packets, stalls cleared on the spot.
#include "drivers/idcard/usb_byte_stream.h"

namespace yimen::drivers::idcard {
namespace {

// How long a discarding read waits: stale bytes are already in the device's buffer, not on their way.
constexpr Timeout kDiscardWait{2};
// A read asks for whole packets: asking for less than a packet the device sends is an overflow.
constexpr std::size_t kReadPackets = 64;

Error afterStall(usb::UsbDevice& device, std::uint8_t endpoint, Error error) {
    if (error.code == ErrorCode::device) {
        if (auto cleared = device.clearHalt(endpoint); !cleared) {
            return error.withContext("clearing the stall failed too (" + cleared.error().message + ")");
        }
    }
    return error;
}

}  // namespace

UsbByteStream::UsbByteStream(std::shared_ptr<usb::UsbDevice> device, std::uint8_t outEndpoint,
                             std::uint8_t inEndpoint, std::uint16_t maxPacketSize, std::string description)
    : device_(std::move(device)),
      out_(outEndpoint),
      in_(inEndpoint),
      readSize_(static_cast<std::size_t>(maxPacketSize == 0 ? 64 : maxPacketSize) * kReadPackets),
      description_(std::move(description)) {}

Status UsbByteStream::writeAll(std::span<const std::uint8_t> data, Timeout timeout) {
    const Deadline deadline = Clock::now() + timeout;
    std::size_t done = 0;
    while (done < data.size()) {
        auto written = device_->write(out_, data.subspan(done), remainingUntil(deadline));
        if (!written) {
            return fail(afterStall(*device_, out_, written.error()));
        }
        if (*written == 0) {
            return fail(ErrorCode::io,
                        "the device accepted none of " + std::to_string(data.size() - done) + " bytes");
        }
        done += *written;
    }
    return {};
}

Expected<std::vector<std::uint8_t>> UsbByteStream::readSome(Timeout timeout) {
    const Deadline deadline = Clock::now() + timeout;
    // Some bridges answer an idle poll with a zero-length packet; that is not data, keep waiting.
    for (;;) {
        auto bytes = device_->read(in_, readSize_, remainingUntil(deadline));
        if (!bytes) {
            return fail(afterStall(*device_, in_, bytes.error()));
        }
        if (!bytes->empty()) {
            return bytes;
        }
        if (remainingUntil(deadline).count() <= 0) {
            return fail(ErrorCode::timeout, "nothing to read from " + description_);
        }
    }
}

Status UsbByteStream::discardInput() {
    return discardUsbInput(*device_, in_, readSize_);
}

Status discardUsbInput(usb::UsbDevice& device, std::uint8_t endpoint, std::size_t readSize, int maxReads) {
    for (int i = 0; i < maxReads; ++i) {
        auto stale = device.read(endpoint, readSize, kDiscardWait);
        if (!stale) {
            if (stale.error().code == ErrorCode::unavailable) {
                return fail(stale.error());
            }
            if (stale.error().code == ErrorCode::device) {
                (void)device.clearHalt(endpoint);
            }
            return {};
        }
        if (stale->empty()) {
            return {};
        }
    }
    return {};
}

}  // namespace yimen::drivers::idcard
