// A byte stream over one bulk OUT and one bulk IN endpoint of a UsbDevice.
#pragma once

#include <memory>

#include "drivers/idcard/sam_transport.h"
#include "drivers/usb/usb_device.h"

namespace yimen::drivers::idcard {

// Shares the device (the split transport and the serial-bridge setup hold it too). A stalled endpoint is
// cleared before the stall is reported, so the next exchange starts clean.
class UsbByteStream final : public ByteStream {
public:
    UsbByteStream(std::shared_ptr<usb::UsbDevice> device, std::uint8_t outEndpoint, std::uint8_t inEndpoint,
                  std::uint16_t maxPacketSize, std::string description);

    [[nodiscard]] Status writeAll(std::span<const std::uint8_t> data, Timeout timeout) override;
    [[nodiscard]] Expected<std::vector<std::uint8_t>> readSome(Timeout timeout) override;
    [[nodiscard]] Status discardInput() override;
    std::string describe() const override { return description_; }

private:
    std::shared_ptr<usb::UsbDevice> device_;
    std::uint8_t out_;
    std::uint8_t in_;
    std::size_t readSize_;
    std::string description_;
};

// Reads until `endpoint` has nothing more (at most `maxReads` short reads). Errors: unavailable.
[[nodiscard]] Status discardUsbInput(usb::UsbDevice& device, std::uint8_t endpoint, std::size_t readSize,
                                     int maxReads = 8);

}  // namespace yimen::drivers::idcard
