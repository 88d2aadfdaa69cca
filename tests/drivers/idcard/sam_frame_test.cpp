// SAM frames: byte-exact requests, checked replies, and a decoder that survives pieces, garbage and
// corruption.
#include "drivers/protocol/sam_frame.h"

#include <catch2/catch.hpp>

#include "idcard_test_support.h"

using namespace yimen;
using namespace yimen::drivers::protocol;
using namespace yimen::drivers::idcard::test;

TEST_CASE("requests are encoded byte for byte as the reference frames", "[idcard][sam_frame]") {
    CHECK(*encodeSamRequest(sam::kFindCard) == referenceVector("find_card_request"));
    CHECK(*encodeSamRequest(sam::kReadWithFingerprint) == referenceVector("read_with_fingerprint_request"));
    CHECK(*encodeSamRequest(sam::kSelectCard) == fromHex("AA AA AA 96 69 00 03 20 02 21"));
    CHECK(*encodeSamRequest(sam::kReadBaseInfo) == fromHex("AA AA AA 96 69 00 03 30 01 32"));
    CHECK(*encodeSamRequest(sam::kSamStatus) == fromHex("AA AA AA 96 69 00 03 11 FF ED"));
    CHECK(*encodeSamRequest(sam::kResetSam) == fromHex("AA AA AA 96 69 00 03 10 FF EC"));
    CHECK(*encodeSamRequest(sam::kSamId) == fromHex("AA AA AA 96 69 00 03 12 FF EE"));
    const Bytes maxRf{0x50};
    CHECK(*encodeSamRequest({0x61, 0xFF}, maxRf) == fromHex("AA AA AA 96 69 00 04 61 FF 50 CA"));
}

TEST_CASE("request data too large for the length field is refused", "[idcard][sam_frame]") {
    const Bytes huge(kSamMaxLength, 0);
    CHECK(encodeSamRequest(sam::kFindCard, huge).error().code == ErrorCode::invalidInput);
}

TEST_CASE("each reference reply decodes to its payload", "[idcard][sam_frame]") {
    const auto found = decodeSamFrame(referenceVector("find_card_success_response"));
    REQUIRE(found);
    CHECK(found->payload == fromHex("00 00 9F 00 00 00 00"));
    const auto status = decodeSamFrame(referenceVector("status_success_response"));
    REQUIRE(status);
    CHECK(status->payload == fromHex("00 00 90"));
    const auto select = decodeSamFrame(referenceVector("select_card_success_response"));
    REQUIRE(select);
    CHECK(select->payload.size() == 11);
    const Bytes read = referenceVector("read_base_info_response");
    REQUIRE(read.size() == 1295);
    const auto decoded = decodeSamFrame(read);
    REQUIRE(decoded);
    CHECK(decoded->payload.size() == 1287);
    CHECK(read.back() == 0x8B);
}

TEST_CASE("captured error replies decode too", "[idcard][sam_frame]") {
    CHECK(decodeSamFrame(fromHex("AA AA AA 96 69 00 04 00 00 41 45"))->payload == fromHex("00 00 41"));
    CHECK(decodeSamFrame(fromHex("AA AA AA 96 69 00 04 00 00 32 36"))->payload == fromHex("00 00 32"));
}

TEST_CASE("a whole frame with a wrong checksum, length or preamble is refused with the reason",
          "[idcard][sam_frame]") {
    Bytes frame = referenceVector("find_card_success_response");
    frame.back() ^= 0x01;
    auto bad = decodeSamFrame(frame);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.find("checksum") != std::string::npos);

    Bytes shortened = referenceVector("find_card_success_response");
    shortened.pop_back();
    CHECK(decodeSamFrame(shortened).error().message.find("length") != std::string::npos);

    Bytes wrongStart = referenceVector("find_card_success_response");
    wrongStart[3] = 0x97;
    CHECK(decodeSamFrame(wrongStart).error().message.find("aa aa aa 96 69") != std::string::npos);

    CHECK(decodeSamFrame(fromHex("AA AA AA")).error().code == ErrorCode::invalidInput);
    CHECK(decodeSamFrame(fromHex("AA AA AA 96 69 00 00 00")).error().code == ErrorCode::invalidInput);
}

TEST_CASE("the decoder reassembles a frame that arrives one byte at a time", "[idcard][sam_frame]") {
    const Bytes frame = referenceVector("read_base_info_response");
    SamFrameDecoder decoder;
    for (std::size_t i = 0; i + 1 < frame.size(); ++i) {
        decoder.feed(std::span(frame).subspan(i, 1));
        REQUIRE_FALSE(decoder.next());
    }
    decoder.feed(std::span(frame).last(1));
    auto got = decoder.next();
    REQUIRE(got);
    REQUIRE(*got);
    CHECK((*got)->payload.size() == 1287);
    CHECK_FALSE(decoder.next());
    CHECK(decoder.buffered() == 0);
}

TEST_CASE("garbage before and between frames is skipped", "[idcard][sam_frame]") {
    Bytes stream = fromHex("00 FF AA AA 12 96 69 AA");
    const Bytes first = referenceVector("find_card_success_response");
    const Bytes second = referenceVector("select_card_success_response");
    stream.insert(stream.end(), first.begin(), first.end());
    const Bytes between = fromHex("13 37 AA AA AA 96");
    stream.insert(stream.end(), between.begin(), between.end());
    stream.insert(stream.end(), second.begin(), second.end());

    SamFrameDecoder decoder;
    decoder.feed(stream);
    auto a = decoder.next();
    REQUIRE(a);
    REQUIRE(*a);
    CHECK((*a)->payload[2] == 0x9F);
    auto b = decoder.next();
    REQUIRE(b);
    REQUIRE(*b);
    CHECK((*b)->payload.size() == 11);
    CHECK(decoder.skippedBytes() == 14);
}

TEST_CASE("a preamble split across two reads is still found", "[idcard][sam_frame]") {
    const Bytes frame = referenceVector("status_success_response");
    SamFrameDecoder decoder;
    Bytes head = fromHex("55 66");
    head.insert(head.end(), frame.begin(), frame.begin() + 3);
    decoder.feed(head);
    CHECK_FALSE(decoder.next());
    decoder.feed(std::span(frame).subspan(3));
    auto got = decoder.next();
    REQUIRE(got);
    CHECK(*got);
}

TEST_CASE("a corrupted frame is reported once and the next good frame is still decoded",
          "[idcard][sam_frame]") {
    Bytes corrupted = referenceVector("find_card_success_response");
    corrupted[9] ^= 0xFF;
    const Bytes good = referenceVector("status_success_response");
    SamFrameDecoder decoder;
    decoder.feed(corrupted);
    decoder.feed(good);
    auto first = decoder.next();
    REQUIRE(first);
    REQUIRE_FALSE(*first);
    CHECK(first->error().code == ErrorCode::invalidInput);
    CHECK(first->error().message.find("checksum") != std::string::npos);
    auto second = decoder.next();
    REQUIRE(second);
    REQUIRE(*second);
    CHECK((*second)->payload == fromHex("00 00 90"));
    CHECK(decoder.rejectedFrames() == 1);
}

TEST_CASE("an impossible length is rejected at once instead of being waited for", "[idcard][sam_frame]") {
    SamFrameDecoder decoder;
    decoder.feed(fromHex("AA AA AA 96 69 FF FF 00"));
    auto got = decoder.next();
    REQUIRE(got);
    REQUIRE_FALSE(*got);
    CHECK(got->error().message.find("impossible") != std::string::npos);
}

TEST_CASE("a false header with a plausible length can be abandoned to find the frame behind it",
          "[idcard][sam_frame]") {
    Bytes stream = fromHex("AA AA AA 96 69 02 00");
    const Bytes good = referenceVector("status_success_response");
    stream.insert(stream.end(), good.begin(), good.end());
    SamFrameDecoder decoder;
    decoder.feed(stream);
    CHECK_FALSE(decoder.next());
    CHECK(decoder.pendingFrameSize() == std::optional<std::size_t>(7 + 0x200));
    REQUIRE(decoder.abandonPendingFrame());
    auto got = decoder.next();
    REQUIRE(got);
    REQUIRE(*got);
    CHECK((*got)->payload == fromHex("00 00 90"));
    CHECK_FALSE(decoder.abandonPendingFrame());
}

TEST_CASE("endless garbage does not make the decoder's buffer grow", "[idcard][sam_frame]") {
    SamFrameDecoder decoder;
    const Bytes junk(4096, 0x55);
    for (int i = 0; i < 64; ++i) {
        decoder.feed(junk);
        CHECK_FALSE(decoder.next());
        CHECK(decoder.buffered() < kSamPreamble.size());
    }
}
