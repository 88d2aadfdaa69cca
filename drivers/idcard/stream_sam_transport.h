// SAM frames over a byte stream: the transport for serial bridges, the kernel tty and single-endpoint USB.
#pragma once

#include <memory>

#include "drivers/idcard/sam_transport.h"
#include "drivers/protocol/sam_frame.h"

namespace yimen::drivers::idcard {

// Owns its stream. Reads arrive in any pieces; the frame decoder reassembles them, skips garbage, and a
// corrupted frame ends the exchange with invalidInput as soon as nothing more is pending.
class StreamSamTransport final : public SamTransport {
public:
    explicit StreamSamTransport(std::unique_ptr<ByteStream> stream);

    [[nodiscard]] Expected<protocol::SamFrame> exchange(std::span<const std::uint8_t> request,
                                                        Deadline deadline) override;
    std::string describe() const override;

private:
    std::unique_ptr<ByteStream> stream_;
    protocol::SamFrameDecoder decoder_;
};

}  // namespace yimen::drivers::idcard
