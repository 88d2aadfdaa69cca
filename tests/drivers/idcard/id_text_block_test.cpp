// The text block of every card type: the reference resident card, our own vectors for I, Y and J cards, and
// each way a block can be wrong.
#include "drivers/protocol/id_text_block.h"

#include <catch2/catch.hpp>

#include "drivers/protocol/nation_codes.h"
#include "idcard_test_support.h"

using namespace yimen;
using namespace yimen::drivers;
using namespace yimen::drivers::protocol;
using namespace yimen::drivers::idcard::test;

namespace {

// The 256-byte text block inside the reference read reply (after 7 header, 3 status and 4 length bytes).
Bytes referenceTextBlock() {
    const Bytes frame = referenceVector("read_base_info_response");
    return Bytes(frame.begin() + 14, frame.begin() + 14 + 256);
}

// Writes one UCS-2LE character at a byte offset.
void putChar(Bytes& block, std::size_t offset, char16_t c) {
    block[offset] = static_cast<std::uint8_t>(c & 0xFF);
    block[offset + 1] = static_cast<std::uint8_t>(c >> 8);
}

std::string parseError(const Bytes& block) {
    auto parsed = parseIdTextBlock(block, kToday);
    return parsed ? std::string() : parsed.error().message;
}

}  // namespace

TEST_CASE("the reference resident card parses to its holder", "[idcard][text_block]") {
    auto parsed = parseIdTextBlock(referenceTextBlock(), kToday);
    REQUIRE(parsed);
    const IdCardText& t = *parsed;
    CHECK(t.kind == CardKind::resident);
    CHECK(t.name == "张三");
    CHECK(t.sexCode == "1");
    CHECK(t.sex == "男");
    CHECK(t.nationCode == "01");
    CHECK(t.nation == "汉");
    CHECK(t.birthDate == "1990-03-07");
    CHECK(t.address == "广西壮族自治区梧州市万秀区某某路1号");
    CHECK(t.idNumber == "450403199003071230");
    CHECK(t.issuer == "梧州市公安局万秀分局");
    CHECK(t.validFrom == "2020-03-15");
    CHECK(t.validTo == "2040-03-15");
    CHECK(t.englishName.empty());
}

TEST_CASE("laying out the reference card again gives the reference bytes", "[idcard][text_block]") {
    const Bytes reference = referenceTextBlock();
    auto parsed = parseIdTextBlock(reference, kToday);
    REQUIRE(parsed);
    CHECK(*encodeIdTextBlock(*parsed) == reference);
}

TEST_CASE("a resident card valid for the long term says 长期", "[idcard][text_block]") {
    const Bytes block = textBlockOf(residentText());
    // 长 U+957F, 期 U+671F at the valid-to offset 204, then space padding.
    CHECK(Bytes(block.begin() + 204, block.begin() + 210) == fromHex("7F 95 1F 67 20 00"));
    auto parsed = parseIdTextBlock(block, kToday);
    REQUIRE(parsed);
    CHECK(parsed->validTo == "长期");
    CHECK(parsed->sex == "女");
    CHECK(parsed->nation == "壮");
}

TEST_CASE("a Hong Kong residence permit parses with its pass number and issue count",
          "[idcard][text_block]") {
    const Bytes block = textBlockOf(permitText());
    CHECK(block[248] == 'J');
    // Pass number at 220 ("H6…"), issue count at 238 ("01").
    CHECK(Bytes(block.begin() + 220, block.begin() + 224) == fromHex("48 00 36 00"));
    CHECK(Bytes(block.begin() + 238, block.begin() + 242) == fromHex("30 00 31 00"));
    auto parsed = parseIdTextBlock(block, kToday);
    REQUIRE(parsed);
    CHECK(parsed->kind == CardKind::hkMacauTaiwanPermit);
    CHECK(parsed->name == "陈家明");
    CHECK(parsed->idNumber == "810000199506121232");
    CHECK(parsed->passNumber == "H60123456");
    CHECK(parsed->issueCount == "01");
    CHECK(parsed->nation.empty());
}

TEST_CASE("a 2017 foreigner permanent residence card parses its English name and card number",
          "[idcard][text_block]") {
    const Bytes block = textBlockOf(foreigner2017Text());
    CHECK(block[248] == 'I');
    CHECK(Bytes(block.begin(), block.begin() + 4) == fromHex("53 00 4D 00"));                // "SM" at 0
    CHECK(Bytes(block.begin() + 122, block.begin() + 126) == fromHex("55 00 53 00"));        // "US" at 122
    CHECK(Bytes(block.begin() + 152, block.begin() + 158) == fromHex("55 00 53 00 41 00"));  // nationality
    auto parsed = parseIdTextBlock(block, kToday);
    REQUIRE(parsed);
    CHECK(parsed->kind == CardKind::foreignerPermanent2017);
    CHECK(parsed->englishName == "SMITH, JOHN ROBERT");
    CHECK(parsed->name == "史密斯");
    CHECK(parsed->idNumber == "USA440850420011");
    CHECK(parsed->nationality == "USA");
    CHECK(parsed->birthDate == "1985-04-20");
    CHECK(parsed->validFrom == "2018-05-02");
    CHECK(parsed->cardVersion == "17");
    CHECK(parsed->issuer == "1500");
}

TEST_CASE("a 2023 foreigner card joins the English name continued at offset 220", "[idcard][text_block]") {
    const Bytes block = textBlockOf(foreigner2023Text());
    CHECK(block[248] == 'Y');
    // Character 36 of the name ("G" of ANGELES) starts the continuation.
    CHECK(block[220] == 'G');
    CHECK(block[52 + 68] == 'N');
    auto parsed = parseIdTextBlock(block, kToday);
    REQUIRE(parsed);
    CHECK(parsed->kind == CardKind::foreignerPermanent2023);
    CHECK(parsed->englishName == "GONZALEZ RODRIGUEZ, MARIA DE LOS ANGELES ROSA");
    CHECK(parsed->name == "玛丽亚");
    CHECK(parsed->idNumber == "94484019850420001X");
    CHECK(parsed->nationality == "ESP");
    CHECK(parsed->renewalCount == "00");
}

TEST_CASE("a 2023 foreigner card without a Chinese name is still read", "[idcard][text_block]") {
    IdCardText t = foreigner2023Text();
    t.name.clear();
    auto parsed = parseIdTextBlock(textBlockOf(t), kToday);
    REQUIRE(parsed);
    CHECK(parsed->name.empty());
}

TEST_CASE("a wrong ID number check digit is refused without quoting the number", "[idcard][text_block]") {
    Bytes block = referenceTextBlock();
    putChar(block, 122 + 17 * 2, u'4');
    const std::string message = parseError(block);
    CHECK(message.find("check digit") != std::string::npos);
    CHECK(message.find("45040319900307123") == std::string::npos);
}

TEST_CASE("each kind of bad text block names the field that is wrong", "[idcard][text_block]") {
    struct Case {
        const char* what;
        std::size_t offset;
        char16_t c;
        const char* expected;
    };
    const Case cases[] = {
        {"unknown card type", 248, u'Q', "type U+0051"},
        {"sex code 3", 30, u'3', "sex"},
        {"nation code 99", 32, u'9', "nation"},
        {"month 33", 36 + 8, u'3', "birth date"},
        {"control character in the name", 2, 0x0007, "name"},
        {"lone surrogate in the address", 52, 0xD800, "address"},
        {"letter in the valid-from date", 188, u'X', "valid-from"},
        {"birth date disagrees with the number", 36 + 14, u'8', "birth date"},
    };
    for (const Case& c : cases) {
        Bytes block = referenceTextBlock();
        putChar(block, c.offset, c.c);
        INFO(c.what);
        CHECK(parseError(block).find(c.expected) != std::string::npos);
    }
}

TEST_CASE("a card whose number says female while the sex says male is refused", "[idcard][text_block]") {
    Bytes block = referenceTextBlock();
    putChar(block, 30, u'2');
    CHECK(parseError(block).find("does not match the sex") != std::string::npos);
}

TEST_CASE("a permit whose number is not a Hong Kong, Macau or Taiwan one is refused",
          "[idcard][text_block]") {
    IdCardText t = permitText();
    t.idNumber = "450403199003071230";
    t.birthDate = "1990-03-07";
    CHECK(parseError(textBlockOf(t)).find("Hong Kong") != std::string::npos);
}

TEST_CASE("an empty required field is refused", "[idcard][text_block]") {
    IdCardText t = residentText();
    t.address.clear();
    CHECK(parseError(textBlockOf(t)).find("address is empty") != std::string::npos);
    IdCardText f = foreigner2017Text();
    f.idNumber = "US4408504200119";
    CHECK(parseError(textBlockOf(f)).find("three letters and twelve digits") != std::string::npos);
}

TEST_CASE("a text block of the wrong size is refused", "[idcard][text_block]") {
    CHECK(parseIdTextBlock(Bytes(255, 0x20), kToday).error().code == ErrorCode::invalidInput);
    CHECK(parseIdTextBlock(Bytes{}, kToday).error().code == ErrorCode::invalidInput);
}

TEST_CASE("a block of all spaces is refused, not read as an empty card", "[idcard][text_block]") {
    Bytes block(256, 0);
    for (std::size_t i = 0; i < block.size(); i += 2) {
        block[i] = 0x20;
    }
    CHECK(parseError(block).find("name is empty") != std::string::npos);
}

TEST_CASE("wiping a parsed card clears every field", "[idcard][text_block]") {
    auto parsed = parseIdTextBlock(textBlockOf(permitText()), kToday);
    REQUIRE(parsed);
    parsed->wipe();
    CHECK(parsed->name.empty());
    CHECK(parsed->idNumber.empty());
    CHECK(parsed->passNumber.empty());
    CHECK(parsed->address.empty());
}

TEST_CASE("all 56 nations and the two extra codes have names; other codes have none",
          "[idcard][nation_codes]") {
    int named = 0;
    for (int code = 0; code <= 99; ++code) {
        const std::string text{static_cast<char>('0' + code / 10), static_cast<char>('0' + code % 10)};
        if (nationName(text)) {
            ++named;
        }
    }
    CHECK(named == 58);
    CHECK(*nationName("01") == "汉");
    CHECK(*nationName("08") == "壮");
    CHECK(*nationName("46") == "德昂");
    CHECK(*nationName("56") == "基诺");
    CHECK(*nationName("97") == "其他");
    CHECK(*nationName("98") == "外国血统中国籍人士");
    CHECK_FALSE(nationName("00"));
    CHECK_FALSE(nationName("57"));
    CHECK_FALSE(nationName("1"));
    CHECK_FALSE(nationName("a1"));
}

TEST_CASE("sex codes follow GB/T 2261.1", "[idcard][nation_codes]") {
    CHECK(*sexName("0") == "未知的性别");
    CHECK(*sexName("1") == "男");
    CHECK(*sexName("2") == "女");
    CHECK(*sexName("9") == "未说明的性别");
    CHECK_FALSE(sexName("3"));
    CHECK_FALSE(sexName(""));
}
