// SAM frames over a native-USB reader that splits each frame across two endpoint pairs (GA 467 USB module).
#pragma once

#include <memory>

#include "drivers/idcard/sam_transport.h"
#include "drivers/protocol/sam_frame.h"
#include "drivers/usb/usb_device.h"

namespace yimen::drivers::idcard {

// Which endpoints carry which half of a frame: OUT preamble+length on headerOut, the rest on bodyOut; IN the
// same on headerIn and bodyIn.
struct SplitEndpoints {
    std::uint8_t headerOut = 0x02;
    std::uint8_t bodyOut = 0x06;
    std::uint8_t headerIn = 0x81;
    std::uint8_t bodyIn = 0x85;
    std::uint16_t maxPacketSize = 64;
};

// Shares the device. The two halves of the reply are reassembled and checked by the frame decoder, so garbage
// before the header, a wrong length and a wrong checksum are caught exactly as on a stream.
class SplitUsbSamTransport final : public SamTransport {
public:
    SplitUsbSamTransport(std::shared_ptr<usb::UsbDevice> device, SplitEndpoints endpoints,
                         std::string description);

    [[nodiscard]] Expected<protocol::SamFrame> exchange(std::span<const std::uint8_t> request,
                                                        Deadline deadline) override;
    std::string describe() const override { return description_; }

private:
    [[nodiscard]] Status send(std::uint8_t endpoint, std::span<const std::uint8_t> bytes, Deadline deadline);

    std::shared_ptr<usb::UsbDevice> device_;
    SplitEndpoints endpoints_;
    std::string description_;
    protocol::SamFrameDecoder decoder_;
};

}  // namespace yimen::drivers::idcard
