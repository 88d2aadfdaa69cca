// libFuzzer target: the SAM frame decoder, reply parser and read-reply splitter on arbitrary bytes arriving
// in arbitrary pieces. Checks that every frame found is a well-formed frame and that the buffer stays
// bounded.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "drivers/protocol/sam_frame.h"
#include "drivers/protocol/sam_read_reply.h"
#include "drivers/protocol/sam_status.h"

using namespace yimen::drivers::protocol;

namespace {

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

// A frame the decoder accepted must survive being written out again and decoded on its own.
void checkFrame(const SamFrame& frame) {
    std::vector<std::uint8_t> bytes(kSamPreamble.begin(), kSamPreamble.end());
    const std::size_t length = frame.payload.size() + 1;
    check(length <= kSamMaxLength);
    bytes.push_back(static_cast<std::uint8_t>(length >> 8));
    bytes.push_back(static_cast<std::uint8_t>(length & 0xFF));
    bytes.insert(bytes.end(), frame.payload.begin(), frame.payload.end());
    bytes.push_back(samChecksum(std::span(bytes).subspan(kSamPreamble.size())));
    auto again = decodeSamFrame(bytes);
    check(again.hasValue() && again->payload == frame.payload);

    auto reply = parseSamReply(frame);
    if (!reply) {
        return;
    }
    (void)samStatusError(*reply);
    if (reply->is(SamStatus::success)) {
        for (const bool withFingerprints : {false, true}) {
            auto record = parseReadCardData(reply->data, withFingerprints, "20250101");
            if (record) {
                record->wipe();
            }
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> input(data, size);
    if (auto whole = decodeSamFrame(input)) {
        checkFrame(*whole);
    }
    if (size == 0) {
        return 0;
    }
    // The first byte sets the piece size, as reads of a serial line or a USB endpoint would cut the stream.
    const std::size_t piece = 1 + data[0] % 64;
    SamFrameDecoder decoder;
    for (std::size_t at = 1; at < size; at += piece) {
        const auto chunk = input.subspan(at, std::min(piece, size - at));
        decoder.feed(chunk);
        while (auto next = decoder.next()) {
            if (*next) {
                checkFrame(**next);
            }
        }
        check(decoder.buffered() <= kSamHeaderSize + kSamMaxLength + chunk.size());
    }
    while (decoder.abandonPendingFrame()) {
        while (auto next = decoder.next()) {
            if (*next) {
                checkFrame(**next);
            }
        }
    }
    return 0;
}
