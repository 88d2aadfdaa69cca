// Tests for drivers/protocol/text_wrap.cpp: printer columns and line wrapping.
#include "drivers/protocol/text_wrap.h"

#include <catch2/catch.hpp>

#include "drivers/protocol/escpos_types.h"

using namespace yimen;
using namespace yimen::drivers::protocol;

namespace {

std::vector<std::string> wrap(std::string_view text, int columns) {
    auto lines = wrapText(text, columns);
    REQUIRE(lines.hasValue());
    return *lines;
}

}  // namespace

TEST_CASE("text columns count ASCII as one and Chinese as two") {
    CHECK(textColumns("abc").value() == 3);
    CHECK(textColumns("受理").value() == 4);
    CHECK(textColumns("No.1 受理").value() == 9);
    CHECK(textColumns("，").value() == 2);
}

TEST_CASE("paper widths give 48 and 32 columns at size 1 and fewer when characters are wider") {
    CHECK(lineColumns(PaperWidth::mm80) == 48);
    CHECK(lineColumns(PaperWidth::mm58) == 32);
    CHECK(lineColumns(PaperWidth::mm80, 2) == 24);
    CHECK(lineColumns(PaperWidth::mm58, 3) == 10);
}

TEST_CASE("wrapping breaks Chinese text so no line is wider than the paper") {
    const std::string address = "广西壮族自治区南宁市武鸣区城厢镇灵源路15号3栋2单元501室";
    for (int columns : {48, 32, 24, 10, 2}) {
        INFO("columns " << columns);
        const auto lines = wrap(address, columns);
        std::string joined;
        for (const std::string& line : lines) {
            CHECK(textColumns(line).value() <= columns);
            joined += line;
        }
        CHECK(joined == address);
    }
    CHECK(wrap(address, 24) ==
          std::vector<std::string>{"广西壮族自治区南宁市武鸣", "区城厢镇灵源路15号3栋2单", "元501室"});
}

TEST_CASE("wrapping breaks English at spaces and drops the spaces at the break") {
    CHECK(wrap("please take your receipt", 10) == std::vector<std::string>{"please", "take your", "receipt"});
}

TEST_CASE("wrapping splits a word longer than the line") {
    CHECK(wrap("YM20240601000123", 6) == std::vector<std::string>{"YM2024", "060100", "0123"});
}

TEST_CASE("wrapping never starts a line with closing punctuation or ends one with opening punctuation") {
    // 8 columns hold four characters; "，" would start line two, so "务" moves down with it.
    CHECK(wrap("政务服务，一门办理", 8) == std::vector<std::string>{"政务服", "务，一门", "办理"});
    // "请带好《" would fill 8 columns exactly; the opening bracket moves down to the word it opens.
    CHECK(wrap("请带好《身份证》", 8) == std::vector<std::string>{"请带好", "《身份", "证》"});
}

TEST_CASE("wrapping keeps hard line breaks and empty lines") {
    CHECK(wrap("第一行\n\n第三行", 48) == std::vector<std::string>{"第一行", "", "第三行"});
    CHECK(wrap("", 48) == std::vector<std::string>{""});
}

TEST_CASE("wrapping refuses bad text and impossible widths") {
    CHECK(wrapText("a\x1B@", 48).error().code == ErrorCode::invalidInput);
    CHECK(wrapText("\xE5\x8F", 48).error().code == ErrorCode::invalidInput);
    CHECK(wrapText("受理", 1).error().code == ErrorCode::invalidInput);
}
