// How SAM frames travel to an ID-card reader and back: the transport interface, and the byte stream under the
// transports that carry frames as a plain stream (serial bridges, the kernel tty, single-endpoint USB).
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/error.h"
#include "drivers/protocol/sam_frame.h"

namespace yimen::drivers::idcard {

using Clock = std::chrono::steady_clock;
using Deadline = Clock::time_point;
using Timeout = std::chrono::milliseconds;

// One request, one reply. Not thread-safe: owned by one reader.
class SamTransport {
public:
    virtual ~SamTransport() = default;

    // Discards anything stale the reader sent before, sends `request` (a whole frame), and returns the first
    // well-formed frame that comes back before `deadline`. Garbage around frames is skipped.
    // Errors: timeout ("no reply", or "incomplete reply" with how many bytes came), invalidInput (the reply
    // was corrupted: bad length or checksum), unavailable (the reader is gone), device (stall), io.
    [[nodiscard]] virtual Expected<protocol::SamFrame> exchange(std::span<const std::uint8_t> request,
                                                                Deadline deadline) = 0;

    // "USB 0400:c35a (split endpoints)", "/dev/ttyUSB0": for logs and the technician screen.
    virtual std::string describe() const = 0;
};

// A bidirectional byte pipe with timeouts. Not thread-safe.
class ByteStream {
public:
    virtual ~ByteStream() = default;

    // Writes all of `data` within `timeout`. Errors: timeout (the message says how much went out),
    // unavailable, device, io.
    [[nodiscard]] virtual Status writeAll(std::span<const std::uint8_t> data, Timeout timeout) = 0;
    // Waits up to `timeout` for bytes and returns those that came (at least one).
    // Errors: timeout when nothing came, unavailable, device, io.
    [[nodiscard]] virtual Expected<std::vector<std::uint8_t>> readSome(Timeout timeout) = 0;
    // Throws away whatever is waiting to be read, spending at most a few milliseconds.
    // Errors: unavailable when the device is gone.
    [[nodiscard]] virtual Status discardInput() = 0;

    virtual std::string describe() const = 0;
};

// The time left until `deadline`, never negative.
Timeout remainingUntil(Deadline deadline);

// Overwrites and clears a buffer that held reply bytes: replies carry personal data.
void wipeBytes(std::vector<std::uint8_t>& bytes);

}  // namespace yimen::drivers::idcard
