// The stream transport: write a request, then feed what arrives into the frame decoder until a frame is
// whole.
#include "drivers/idcard/stream_sam_transport.h"

namespace yimen::drivers::idcard {

void wipeBytes(std::vector<std::uint8_t>& bytes) {
    volatile std::uint8_t* p = bytes.data();
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        p[i] = 0;
    }
    bytes.clear();
}

Timeout remainingUntil(Deadline deadline) {
    const auto left = std::chrono::duration_cast<Timeout>(deadline - Clock::now());
    return left.count() > 0 ? left : Timeout{0};
}

StreamSamTransport::StreamSamTransport(std::unique_ptr<ByteStream> stream) : stream_(std::move(stream)) {}

std::string StreamSamTransport::describe() const {
    return stream_->describe();
}

Expected<protocol::SamFrame> StreamSamTransport::exchange(std::span<const std::uint8_t> request,
                                                          Deadline deadline) {
    decoder_.reset();
    if (auto discarded = stream_->discardInput(); !discarded) {
        return fail(discarded.error());
    }
    if (auto written = stream_->writeAll(request, remainingUntil(deadline)); !written) {
        return fail(written.error().withContext("sending the request"));
    }
    std::size_t received = 0;
    std::optional<Error> corrupted;
    for (;;) {
        while (auto frame = decoder_.next()) {
            if (*frame) {
                return std::move(*frame);
            }
            corrupted = frame->error();
        }
        if (corrupted && decoder_.buffered() < protocol::kSamPreamble.size()) {
            return fail(corrupted->withContext("reply corrupted"));
        }
        const Timeout left = remainingUntil(deadline);
        if (left.count() <= 0) {
            break;
        }
        auto chunk = stream_->readSome(left);
        if (!chunk) {
            if (chunk.error().code == ErrorCode::timeout) {
                break;
            }
            return fail(chunk.error().withContext("reading the reply"));
        }
        received += chunk->size();
        decoder_.feed(*chunk);
        wipeBytes(*chunk);
    }
    // A header with a plausible length may have been garbage: look for a whole frame behind it.
    while (decoder_.abandonPendingFrame()) {
        while (auto frame = decoder_.next()) {
            if (*frame) {
                return std::move(*frame);
            }
            corrupted = frame->error();
        }
    }
    if (corrupted) {
        return fail(corrupted->withContext("reply corrupted"));
    }
    if (received == 0) {
        return fail(ErrorCode::timeout, "no reply from " + stream_->describe());
    }
    return fail(ErrorCode::timeout, "incomplete reply from " + stream_->describe() + ": " +
                                        std::to_string(received) + " bytes before the deadline");
}

}  // namespace yimen::drivers::idcard
