// GA 467 SAM frames: encoding requests and finding, checking and decoding frames in a byte stream.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/error.h"

namespace yimen::drivers::protocol {

// Every frame starts with this: three sync bytes, then 96 69 marks the frame start.
inline constexpr std::array<std::uint8_t, 5> kSamPreamble{0xAA, 0xAA, 0xAA, 0x96, 0x69};
// Preamble, two length bytes: what precedes the payload.
inline constexpr std::size_t kSamHeaderSize = 7;
// The largest length field a reader sends (the 2321-byte text+photo+two-fingers reply has 2314); anything
// bigger is a corrupted length, not a frame to wait for.
inline constexpr std::size_t kSamMaxLength = 4096;

// A request: CMD and Para select the command (GA 467 table), data follows them.
struct SamCommand {
    std::uint8_t cmd = 0;
    std::uint8_t para = 0;
    friend bool operator==(const SamCommand&, const SamCommand&) = default;
};

namespace sam {
inline constexpr SamCommand kResetSam{0x10, 0xFF};
inline constexpr SamCommand kSamStatus{0x11, 0xFF};
inline constexpr SamCommand kSamId{0x12, 0xFF};
inline constexpr SamCommand kFindCard{0x20, 0x01};
inline constexpr SamCommand kSelectCard{0x20, 0x02};
inline constexpr SamCommand kReadBaseInfo{0x30, 0x01};
inline constexpr SamCommand kReadAppendedAddress{0x30, 0x03};
inline constexpr SamCommand kReadWithFingerprint{0x30, 0x10};
}  // namespace sam

// AA AA AA 96 69 | Len1 Len2 | CMD Para data… | CHK, where Len counts the bytes after it (CHK included) and
// CHK is the XOR of Len1 up to the last data byte. Errors: invalidInput when data does not fit a frame.
[[nodiscard]] Expected<std::vector<std::uint8_t>> encodeSamRequest(SamCommand command,
                                                                   std::span<const std::uint8_t> data = {});

// The XOR checksum over `bytes`.
std::uint8_t samChecksum(std::span<const std::uint8_t> bytes);

// One checked frame: the bytes between the length field and the checksum (CMD Para data for a request,
// SW1 SW2 SW3 data for a reply).
struct SamFrame {
    std::vector<std::uint8_t> payload;
};

// Decodes exactly one whole frame (preamble to checksum, nothing around it).
// Errors: invalidInput naming what is wrong (preamble, length, checksum, trailing bytes).
[[nodiscard]] Expected<SamFrame> decodeSamFrame(std::span<const std::uint8_t> bytes);

// Finds frames in a byte stream that arrives in pieces: feed() what a read returned, then call next() until
// it returns nullopt (more bytes needed). Bytes before a preamble are skipped as garbage. A frame whose
// length is impossible or whose checksum is wrong yields an invalidInput error once, and the search resumes
// one byte after that frame's preamble, so a real frame hidden behind a false start is still found. Memory is
// bounded: the buffer never holds more than one maximal frame plus one feed. Not thread-safe; pure.
class SamFrameDecoder {
public:
    void feed(std::span<const std::uint8_t> bytes);
    [[nodiscard]] std::optional<Expected<SamFrame>> next();
    // Forgets everything buffered (stale bytes before a new request), overwriting it first: replies carry
    // personal data.
    void reset();
    // The size of the whole frame whose header has arrived and whose rest is still awaited, if any.
    std::optional<std::size_t> pendingFrameSize() const;
    // Gives up on the frame being awaited (its header may have been garbage with a plausible length) and
    // resumes the search one byte after its preamble; next() may then find a frame hidden behind it. Returns
    // false when no frame was being awaited.
    bool abandonPendingFrame();

    // Bytes waiting in the buffer (a partial frame, or garbage not yet skipped).
    std::size_t buffered() const { return buffer_.size() - start_; }
    // Garbage bytes skipped so far, and frames rejected (bad length or checksum).
    std::size_t skippedBytes() const { return skipped_; }
    std::size_t rejectedFrames() const { return rejected_; }

private:
    void compact();

    std::vector<std::uint8_t> buffer_;
    std::size_t start_ = 0;
    std::size_t skipped_ = 0;
    std::size_t rejected_ = 0;
};

}  // namespace yimen::drivers::protocol
