// Tests for screens/line_break: CJK breaking, the punctuation rules, whole Latin words and overflow
// detection.
#include "screens/line_break.h"

#include <catch2/catch.hpp>

#include "common/utf8.h"

using namespace yimen::screens;

namespace {

// 10 px per CJK character and full-width punctuation, 5 px per ASCII character.
int fixedWidth(std::string_view s) {
    int w = 0;
    std::size_t pos = 0;
    while (pos < s.size()) {
        auto c = yimen::decodeUtf8At(s, pos);
        if (!c) {
            ++pos;
            w += 10;
            continue;
        }
        w += *c < 0x80 ? 5 : 10;
    }
    return w;
}

BrokenText lay(std::string_view text, int width, int maxLines = 0) {
    return breakLines(text, width, fixedWidth, maxLines);
}

}  // namespace

TEST_CASE("Chinese text breaks between characters and fills each line", "[line_break]") {
    const auto b = lay("请将身份证放在感应区", 40);
    REQUIRE(b.lines == std::vector<std::string>{"请将身份", "证放在感", "应区"});
    CHECK_FALSE(b.overflow);
}

TEST_CASE("text that fits stays on one line", "[line_break]") {
    const auto b = lay("您好", 100);
    CHECK(b.lines == std::vector<std::string>{"您好"});
}

TEST_CASE("no line starts with a closing mark: the mark goes with the character before it", "[line_break]") {
    // Width for four characters: "您好，欢" would put "，" at the start of line 2 if broken naively after
    // 您好.
    const auto b = lay("您好，欢迎使用", 20);
    for (const auto& line : b.lines) {
        INFO(line);
        CHECK(line.rfind("，", 0) != 0);
    }
    CHECK(b.lines.front() == "您");
    CHECK(b.lines[1] == "好，");
    CHECK_FALSE(b.overflow);
}

TEST_CASE("every closing mark of the rule is kept off the start of a line", "[line_break]") {
    for (const char* mark : {"，", "。", "、", "；", "：", "？", "！", "」", "）"}) {
        const std::string text = std::string("中文") + mark + "字";
        const auto b = lay(text, 20);
        INFO(mark);
        for (const auto& line : b.lines) CHECK(line.rfind(mark, 0) != 0);
    }
}

TEST_CASE("no line ends with an opening mark: it moves down with the character after it", "[line_break]") {
    for (const char* mark : {"「", "（"}) {
        const std::string text = std::string("办理") + mark + "证明";
        const auto b = lay(text, 30);
        INFO(mark);
        REQUIRE(b.lines.size() >= 2);
        for (const auto& line : b.lines) {
            const std::string m = mark;
            CHECK((line.size() < m.size() || line.compare(line.size() - m.size(), m.size(), m) != 0));
        }
        CHECK(b.lines[1].rfind(mark, 0) == 0);
    }
}

TEST_CASE("a number or a Latin word inside Chinese text is never split", "[line_break]") {
    const auto b = lay("请输入13800138000号码", 80);
    bool whole = false;
    for (const auto& line : b.lines) whole = whole || line.find("13800138000") != std::string::npos;
    CHECK(whole);
    CHECK_FALSE(b.overflow);
}

TEST_CASE("Latin text breaks at spaces and the spaces at a break are dropped", "[line_break]") {
    const auto b = lay("Hello kiosk world", 50);
    CHECK(b.lines == std::vector<std::string>{"Hello", "kiosk", "world"});
}

TEST_CASE("a word longer than a line is split between characters, not reported", "[line_break]") {
    const auto b = lay("4501**********1231", 50);
    CHECK(b.lines.size() == 2);
    CHECK_FALSE(b.overflow);
    for (const auto& line : b.lines) CHECK(fixedWidth(line) <= 50);
}

TEST_CASE("a hard line break is kept", "[line_break]") {
    const auto b = lay("第一行\n第二行", 200);
    CHECK(b.lines == std::vector<std::string>{"第一行", "第二行"});
}

TEST_CASE("more lines than allowed is reported as overflow, with every line kept", "[line_break]") {
    const auto b = lay("请妥善保管回执，凭回执号和查询码查询办理进度", 60, 2);
    CHECK(b.overflow);
    std::string joined;
    for (const auto& line : b.lines) joined += line;
    CHECK(joined == "请妥善保管回执，凭回执号和查询码查询办理进度");
}

TEST_CASE("a character wider than the whole line is reported as overflow", "[line_break]") {
    const auto b = lay("办事", 8);
    CHECK(b.overflow);
}

TEST_CASE("invalid UTF-8 does not crash and is kept", "[line_break]") {
    const std::string bad = std::string("好\xff\xfe") + "的";
    const auto b = lay(bad, 100);
    REQUIRE(b.lines.size() == 1);
    CHECK(b.lines[0] == bad);
}

TEST_CASE("an empty text is one empty line", "[line_break]") {
    const auto b = lay("", 100);
    CHECK(b.lines == std::vector<std::string>{""});
    CHECK_FALSE(b.overflow);
}
