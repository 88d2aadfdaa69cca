// The read reply: text, photo and fingerprints split by their lengths, and the Identity made from it.
#include "drivers/protocol/sam_read_reply.h"

#include <catch2/catch.hpp>

#include "drivers/protocol/sam_frame.h"
#include "drivers/protocol/sam_status.h"
#include "idcard_test_support.h"

using namespace yimen;
using namespace yimen::drivers;
using namespace yimen::drivers::protocol;
using namespace yimen::drivers::idcard::test;

namespace {

Bytes referenceReadData() {
    auto frame = decodeSamFrame(referenceVector("read_base_info_response"));
    auto reply = parseSamReply(*frame);
    return reply->data;
}

}  // namespace

TEST_CASE("the 1295-byte reference reply becomes the identity of its holder", "[idcard][read_reply]") {
    auto frame = decodeSamFrame(referenceVector("read_base_info_response"));
    REQUIRE(frame);
    auto reply = parseSamReply(*frame);
    REQUIRE(reply);
    CHECK(reply->is(SamStatus::success));
    auto record = parseReadCardData(reply->data, false, kToday);
    REQUIRE(record);
    CHECK(record->photoWlt == dummyPhoto());
    CHECK(record->fingerprints.empty());
    const Identity id = toIdentity(std::move(*record));
    CHECK(id.kind == CardKind::resident);
    CHECK(id.name == "张三");
    CHECK(id.sex == "男");
    CHECK(id.nation == "汉");
    CHECK(id.birthDate == "1990-03-07");
    CHECK(id.address == "广西壮族自治区梧州市万秀区某某路1号");
    CHECK(id.idNumber == "450403199003071230");
    CHECK(id.issuer == "梧州市公安局万秀分局");
    CHECK(id.validFrom == "2020-03-15");
    CHECK(id.validTo == "2040-03-15");
    CHECK(id.photoWlt.size() == 1024);
    CHECK(record->text.name.empty());
    CHECK(record->photoWlt.empty());
}

TEST_CASE("a reply with fingerprints has 1297, 1809 or 2321 bytes and keeps the fingerprint data",
          "[idcard][read_reply]") {
    const Bytes block = textBlockOf(residentText());
    for (const std::size_t fingers : {0u, 1u, 2u}) {
        const Bytes fingerprints(fingers * 512, 0x5A);
        const Bytes data = buildReadCardData(block, dummyPhoto(), fingerprints, true);
        CHECK(replyFrame(0x90, data).size() == 1297 + fingers * 512);
        auto record = parseReadCardData(data, true, kToday);
        REQUIRE(record);
        CHECK(record->fingerprints == fingerprints);
        CHECK(record->text.name == "韦秀英");
    }
}

TEST_CASE("lengths that do not add up, or a text block not of 256 bytes, are refused",
          "[idcard][read_reply]") {
    Bytes data = referenceReadData();
    data.pop_back();
    CHECK(parseReadCardData(data, false, kToday).error().message.find("do not add up") != std::string::npos);

    Bytes wrongText = referenceReadData();
    wrongText[1] = 0xFF;  // text length 0x01FF
    CHECK(parseReadCardData(wrongText, false, kToday).error().code == ErrorCode::invalidInput);

    const Bytes shortBlock(200, 0x20);
    const Bytes odd = buildReadCardData(shortBlock, dummyPhoto(), {}, false);
    CHECK(parseReadCardData(odd, false, kToday).error().message.find("not 256") != std::string::npos);

    CHECK(parseReadCardData(Bytes{0x01}, false, kToday).error().code == ErrorCode::invalidInput);
    CHECK(parseReadCardData(Bytes{0x01, 0x00, 0x04, 0x00}, true, kToday).error().code ==
          ErrorCode::invalidInput);
}

TEST_CASE("each card type maps to the kiosk's identity", "[idcard][read_reply]") {
    SECTION("permit") {
        auto record = parseReadCardData(buildReadCardData(textBlockOf(permitText()), dummyPhoto(), {}, false),
                                        false, kToday);
        REQUIRE(record);
        const Identity id = toIdentity(std::move(*record));
        CHECK(id.kind == CardKind::hkMacauTaiwanPermit);
        CHECK(id.name == "陈家明");
        CHECK(id.nation.empty());
        CHECK(id.idNumber == "810000199506121232");
    }
    SECTION("2017 foreigner card uses the Chinese name when there is one") {
        auto record = parseReadCardData(
            buildReadCardData(textBlockOf(foreigner2017Text()), dummyPhoto(), {}, false), false, kToday);
        REQUIRE(record);
        const Identity id = toIdentity(std::move(*record));
        CHECK(id.kind == CardKind::foreignerPermanent2017);
        CHECK(id.name == "史密斯");
        CHECK(id.idNumber == "USA440850420011");
        CHECK(id.sex == "男");
    }
    SECTION("2023 foreigner card without a Chinese name uses the English one") {
        IdCardText t = foreigner2023Text();
        t.name.clear();
        auto record =
            parseReadCardData(buildReadCardData(textBlockOf(t), dummyPhoto(), {}, false), false, kToday);
        REQUIRE(record);
        const Identity id = toIdentity(std::move(*record));
        CHECK(id.kind == CardKind::foreignerPermanent2023);
        CHECK(id.name == "GONZALEZ RODRIGUEZ, MARIA DE LOS ANGELES ROSA");
        CHECK(id.sex == "女");
    }
    SECTION("an unspecified sex code becomes 未知") {
        IdCardText t = foreigner2017Text();
        t.sexCode = "9";
        auto record =
            parseReadCardData(buildReadCardData(textBlockOf(t), dummyPhoto(), {}, false), false, kToday);
        REQUIRE(record);
        CHECK(record->text.sex == "未说明的性别");
        CHECK(toIdentity(std::move(*record)).sex == "未知");
    }
}
