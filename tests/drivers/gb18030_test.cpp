// Tests for drivers/protocol/gb18030.cpp: the printer's text encodings.
#include "drivers/protocol/gb18030.h"

#include <catch2/catch.hpp>

#include "test_support.h"

using namespace yimen;
using namespace yimen::drivers::protocol;
using yimen::drivers::test::toHex;

TEST_CASE("gb18030 encodes known characters to the bytes the printer font expects") {
    // Expected bytes checked with: echo -n 受理 | iconv -f UTF-8 -t GB18030 | xxd
    struct Case {
        const char* utf8;
        const char* gb18030;
    };
    const Case cases[] = {
        {"受理", "CA DC C0 ED"}, {"受理回执", "CA DC C0 ED BB D8 D6 B4"},
        {"No.1", "4E 6F 2E 31"}, {"壮", "D7 B3"},
        {"·", "A1 A4"},          {"€", "A2 E3"},
        {"𠀀", "95 32 82 36"},  // outside the BMP: a four-byte GB18030 code
    };
    for (const Case& c : cases) {
        INFO(c.utf8);
        auto gb = utf8ToGb18030(c.utf8);
        REQUIRE(gb.hasValue());
        CHECK(toHex(*gb) == c.gb18030);
    }
}

TEST_CASE("gb18030 decoding returns the original UTF-8 text") {
    const std::string text = "广西壮族自治区南宁市武鸣区 No.68 𠀀";
    auto gb = utf8ToGb18030(text);
    REQUIRE(gb.hasValue());
    auto back = gb18030ToUtf8(*gb);
    REQUIRE(back.hasValue());
    CHECK(*back == text);
}

TEST_CASE("gb18030 encoder reports invalid UTF-8 with its offset instead of dropping it") {
    auto gb = utf8ToGb18030("受理\xC3(");
    REQUIRE_FALSE(gb.hasValue());
    CHECK(gb.error().code == ErrorCode::invalidInput);
    CHECK(gb.error().message == "invalid UTF-8 at byte 6");
}

TEST_CASE("gb18030 decoder reports invalid and truncated characters with their offsets") {
    auto invalid = gb18030ToUtf8("ab\xFF\x30");
    REQUIRE_FALSE(invalid.hasValue());
    CHECK(invalid.error().code == ErrorCode::invalidInput);
    CHECK(invalid.error().message == "invalid GB18030 at byte 2");

    auto truncated = gb18030ToUtf8("\xCA\xDC\xC0", 100);
    REQUIRE_FALSE(truncated.hasValue());
    CHECK(truncated.error().message == "truncated GB18030 character at byte 102");
}

TEST_CASE("pc437 decoding maps the high half to its box-drawing and accented characters") {
    auto text = cp437ToUtf8("\x82\xC4\xB0");
    REQUIRE(text.hasValue());
    CHECK(*text == "é─░");
}
