// Tests for common/utf8.cpp: strict UTF-8 decoding.
#include "common/utf8.h"

#include <catch2/catch.hpp>

using namespace yimen;

TEST_CASE("utf8 decoder reads ASCII, Chinese and supplementary characters") {
    const std::string text = "A受𠀀";
    std::size_t pos = 0;
    CHECK(decodeUtf8At(text, pos) == U'A');
    CHECK(decodeUtf8At(text, pos) == U'受');
    CHECK(decodeUtf8At(text, pos) == U'𠀀');
    CHECK(pos == text.size());
    CHECK_FALSE(firstInvalidUtf8(text).has_value());
}

TEST_CASE("utf8 decoder refuses malformed sequences and reports where they start") {
    struct Case {
        const char* what;
        std::string bytes;
        std::size_t badAt;
    };
    const Case cases[] = {
        {"stray continuation byte", "ab\x80", 2},  {"truncated three-byte sequence", "ok\xE5\x8F", 2},
        {"overlong slash", "\xC0\xAF", 0},         {"encoded surrogate", "x\xED\xA0\x80", 1},
        {"above U+10FFFF", "\xF4\x90\x80\x80", 0}, {"invalid lead byte", "\xFF", 0},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        CHECK(firstInvalidUtf8(c.bytes) == c.badAt);
    }
}

TEST_CASE("utf8 encoder round-trips every length of sequence") {
    for (char32_t cp : {U'\u0041', U'\u00E9', U'\u7406', U'\U00020000'}) {
        std::string s;
        appendUtf8(s, cp);
        std::size_t pos = 0;
        CHECK(decodeUtf8At(s, pos) == cp);
        CHECK(pos == s.size());
    }
}
