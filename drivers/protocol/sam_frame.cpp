// GA 467 SAM frame encoding and the resynchronising frame decoder.
#include "drivers/protocol/sam_frame.h"

#include "drivers/protocol/hex_dump.h"

#include <algorithm>
#include <cstdio>

namespace yimen::drivers::protocol {
namespace {

std::size_t lengthAt(std::span<const std::uint8_t> bytes, std::size_t at) {
    return (static_cast<std::size_t>(bytes[at]) << 8) | bytes[at + 1];
}

// Where the preamble starts at or after `from`, or how far a partial preamble at the end reaches.
std::size_t findPreamble(std::span<const std::uint8_t> bytes, std::size_t from) {
    const auto it = std::search(bytes.begin() + static_cast<std::ptrdiff_t>(from), bytes.end(),
                                kSamPreamble.begin(), kSamPreamble.end());
    if (it != bytes.end()) {
        return static_cast<std::size_t>(it - bytes.begin());
    }
    // Keep a tail that could be the start of a preamble split across reads.
    for (std::size_t keep = std::min(kSamPreamble.size() - 1, bytes.size() - from); keep > 0; --keep) {
        if (std::equal(bytes.end() - static_cast<std::ptrdiff_t>(keep), bytes.end(), kSamPreamble.begin())) {
            return bytes.size() - keep;
        }
    }
    return bytes.size();
}

}  // namespace

std::uint8_t samChecksum(std::span<const std::uint8_t> bytes) {
    std::uint8_t sum = 0;
    for (const std::uint8_t b : bytes) {
        sum ^= b;
    }
    return sum;
}

Expected<std::vector<std::uint8_t>> encodeSamRequest(SamCommand command, std::span<const std::uint8_t> data) {
    const std::size_t length = 2 + data.size() + 1;
    if (length > kSamMaxLength) {
        return fail(ErrorCode::invalidInput,
                    "SAM request data of " + std::to_string(data.size()) + " bytes does not fit a frame");
    }
    std::vector<std::uint8_t> frame(kSamPreamble.begin(), kSamPreamble.end());
    frame.push_back(static_cast<std::uint8_t>(length >> 8));
    frame.push_back(static_cast<std::uint8_t>(length & 0xFF));
    frame.push_back(command.cmd);
    frame.push_back(command.para);
    frame.insert(frame.end(), data.begin(), data.end());
    frame.push_back(samChecksum(std::span(frame).subspan(kSamPreamble.size())));
    return frame;
}

Expected<SamFrame> decodeSamFrame(std::span<const std::uint8_t> bytes) {
    if (bytes.size() < kSamHeaderSize + 1) {
        return fail(ErrorCode::invalidInput, "SAM frame of " + std::to_string(bytes.size()) +
                                                 " bytes is shorter than a header and checksum");
    }
    if (!std::equal(kSamPreamble.begin(), kSamPreamble.end(), bytes.begin())) {
        return fail(ErrorCode::invalidInput,
                    "SAM frame does not start with aa aa aa 96 69: " + hexDump(bytes, 8));
    }
    const std::size_t length = lengthAt(bytes, kSamPreamble.size());
    if (length < 1 || length > kSamMaxLength) {
        return fail(ErrorCode::invalidInput, "SAM frame length " + std::to_string(length) + " is impossible");
    }
    if (bytes.size() != kSamHeaderSize + length) {
        return fail(ErrorCode::invalidInput, "SAM frame length field says " + std::to_string(length) +
                                                 " bytes follow, but " +
                                                 std::to_string(bytes.size() - kSamHeaderSize) + " do");
    }
    const std::uint8_t expected = samChecksum(bytes.subspan(kSamPreamble.size(), 2 + length - 1));
    if (expected != bytes.back()) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "SAM frame checksum is %02x, the bytes give %02x", bytes.back(),
                      expected);
        return fail(ErrorCode::invalidInput, buf);
    }
    const auto payload = bytes.subspan(kSamHeaderSize, length - 1);
    return SamFrame{std::vector<std::uint8_t>(payload.begin(), payload.end())};
}

void SamFrameDecoder::feed(std::span<const std::uint8_t> bytes) {
    compact();
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

void SamFrameDecoder::reset() {
    volatile std::uint8_t* p = buffer_.data();
    for (std::size_t i = 0; i < buffer_.size(); ++i) {
        p[i] = 0;
    }
    buffer_.clear();
    start_ = 0;
}

std::optional<std::size_t> SamFrameDecoder::pendingFrameSize() const {
    const std::span<const std::uint8_t> bytes(buffer_);
    if (bytes.size() - start_ < kSamHeaderSize ||
        !std::equal(kSamPreamble.begin(), kSamPreamble.end(),
                    bytes.begin() + static_cast<std::ptrdiff_t>(start_))) {
        return std::nullopt;
    }
    const std::size_t length = lengthAt(bytes, start_ + kSamPreamble.size());
    if (length < 1 || length > kSamMaxLength) {
        return std::nullopt;
    }
    return kSamHeaderSize + length;
}

bool SamFrameDecoder::abandonPendingFrame() {
    if (!pendingFrameSize()) {
        return false;
    }
    ++rejected_;
    ++start_;
    return true;
}

void SamFrameDecoder::compact() {
    if (start_ > 0) {
        buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(start_));
        start_ = 0;
    }
}

std::optional<Expected<SamFrame>> SamFrameDecoder::next() {
    const std::span<const std::uint8_t> bytes(buffer_);
    const std::size_t at = findPreamble(bytes, start_);
    skipped_ += at - start_;
    start_ = at;
    if (bytes.size() - start_ < kSamHeaderSize) {
        return std::nullopt;
    }
    const std::size_t length = lengthAt(bytes, start_ + kSamPreamble.size());
    if (length < 1 || length > kSamMaxLength) {
        ++rejected_;
        ++start_;
        return Expected<SamFrame>(fail(ErrorCode::invalidInput, "SAM frame length " + std::to_string(length) +
                                                                    " is impossible; resynchronising"));
    }
    const std::size_t total = kSamHeaderSize + length;
    if (bytes.size() - start_ < total) {
        return std::nullopt;
    }
    auto frame = decodeSamFrame(bytes.subspan(start_, total));
    if (!frame) {
        ++rejected_;
        ++start_;
        return Expected<SamFrame>(fail(ErrorCode::invalidInput, frame.error().message + "; resynchronising"));
    }
    start_ += total;
    if (start_ == buffer_.size()) {
        reset();
    }
    return frame;
}

}  // namespace yimen::drivers::protocol
