// The split-endpoint USB transport: header and body of each frame on their own endpoints.
#include "drivers/idcard/split_usb_sam_transport.h"

#include "drivers/idcard/usb_byte_stream.h"

namespace yimen::drivers::idcard {
namespace {

std::size_t roundUpToPackets(std::size_t bytes, std::size_t packet) {
    return ((bytes + packet - 1) / packet) * packet;
}

}  // namespace

SplitUsbSamTransport::SplitUsbSamTransport(std::shared_ptr<usb::UsbDevice> device, SplitEndpoints endpoints,
                                           std::string description)
    : device_(std::move(device)), endpoints_(endpoints), description_(std::move(description)) {
    if (endpoints_.maxPacketSize == 0) {
        endpoints_.maxPacketSize = 64;
    }
}

Status SplitUsbSamTransport::send(std::uint8_t endpoint, std::span<const std::uint8_t> bytes,
                                  Deadline deadline) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        auto written = device_->write(endpoint, bytes.subspan(done), remainingUntil(deadline));
        if (!written) {
            if (written.error().code == ErrorCode::device) {
                (void)device_->clearHalt(endpoint);
            }
            return fail(written.error());
        }
        if (*written == 0) {
            return fail(ErrorCode::io, "the reader accepted no bytes");
        }
        done += *written;
    }
    return {};
}

Expected<protocol::SamFrame> SplitUsbSamTransport::exchange(std::span<const std::uint8_t> request,
                                                            Deadline deadline) {
    if (request.size() <= protocol::kSamHeaderSize) {
        return fail(ErrorCode::internal, "a SAM request must be longer than its header");
    }
    decoder_.reset();
    const std::size_t packet = endpoints_.maxPacketSize;
    for (const std::uint8_t in : {endpoints_.headerIn, endpoints_.bodyIn}) {
        if (auto discarded = discardUsbInput(*device_, in, packet * 4); !discarded) {
            return fail(discarded.error());
        }
    }
    if (auto sent = send(endpoints_.headerOut, request.first(protocol::kSamHeaderSize), deadline); !sent) {
        return fail(sent.error().withContext("sending the request header"));
    }
    if (auto sent = send(endpoints_.bodyOut, request.subspan(protocol::kSamHeaderSize), deadline); !sent) {
        return fail(sent.error().withContext("sending the request body"));
    }

    std::size_t received = 0;
    auto readFrom = [&](std::uint8_t endpoint, std::size_t wanted) -> Status {
        auto bytes = device_->read(endpoint, roundUpToPackets(wanted, packet), remainingUntil(deadline));
        if (!bytes) {
            if (bytes.error().code == ErrorCode::device) {
                (void)device_->clearHalt(endpoint);
            }
            if (bytes.error().code == ErrorCode::timeout) {
                return fail(ErrorCode::timeout, received == 0 ? "no reply from " + description_
                                                              : "incomplete reply from " + description_ +
                                                                    ": " + std::to_string(received) +
                                                                    " bytes before the deadline");
            }
            return fail(bytes.error().withContext("reading the reply"));
        }
        received += bytes->size();
        decoder_.feed(*bytes);
        wipeBytes(*bytes);
        return {};
    };

    // The header: preamble and length, possibly after garbage.
    while (!decoder_.pendingFrameSize()) {
        if (remainingUntil(deadline).count() <= 0) {
            return fail(ErrorCode::timeout, received == 0 ? "no reply from " + description_
                                                          : "no reply header from " + description_ + " (" +
                                                                std::to_string(received) + " stray bytes)");
        }
        if (auto got = readFrom(endpoints_.headerIn, protocol::kSamHeaderSize); !got) {
            return fail(got.error());
        }
        // The header may already carry the whole frame on readers that send it in one piece.
        if (auto frame = decoder_.next()) {
            if (!*frame) {
                return fail(frame->error().withContext("reply corrupted"));
            }
            return std::move(*frame);
        }
    }
    // The body: SW1 SW2 SW3, data and checksum.
    for (;;) {
        if (auto frame = decoder_.next()) {
            if (!*frame) {
                return fail(frame->error().withContext("reply corrupted"));
            }
            return std::move(*frame);
        }
        const auto total = decoder_.pendingFrameSize();
        const std::size_t missing = total ? *total - decoder_.buffered() : protocol::kSamHeaderSize;
        if (remainingUntil(deadline).count() <= 0) {
            return fail(ErrorCode::timeout, "incomplete reply from " + description_ + ": " +
                                                std::to_string(received) + " bytes before the deadline");
        }
        if (auto got = readFrom(endpoints_.bodyIn, missing); !got) {
            return fail(got.error());
        }
    }
}

}  // namespace yimen::drivers::idcard
