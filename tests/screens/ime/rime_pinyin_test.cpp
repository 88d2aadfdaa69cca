// The pinyin engine through librime with Debian's data: what a citizen gets for what they spell, and that the
// engine keeps nothing they typed.
#include "screens/ime/rime_pinyin.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "tests/support/temp_dir.h"

namespace fs = std::filesystem;
using yimen::ErrorCode;
using yimen::screens::Composition;
using yimen::screens::RimePinyin;
using yimen::screens::RimePinyinOptions;
using yimen::testing::TempDir;

namespace {

std::unique_ptr<RimePinyin> openIn(const TempDir& dir) {
    RimePinyinOptions options;
    options.userDataDir = dir / "ime";
    auto ime = RimePinyin::open(options);
    REQUIRE(ime);
    REQUIRE(ime.value()->ready());
    return std::move(ime.value());
}

void spell(RimePinyin& ime, std::string_view letters) {
    for (char c : letters) REQUIRE(ime.type(c));
}

Composition firstPage(RimePinyin& ime) {
    return ime.composition(0, 9);
}

bool fileContains(const fs::path& file, std::string_view needle) {
    std::ifstream in(file, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    return bytes.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("spelling a common word offers it first, in simplified characters", "[ime]") {
    TempDir dir;
    auto ime = openIn(dir);
    spell(*ime, "zhengwu");
    const Composition c = firstPage(*ime);
    CHECK(c.preedit == "zheng wu");
    REQUIRE_FALSE(c.candidates.empty());
    CHECK(c.candidates[0] == "政务");
    CHECK(c.more);
    auto chosen = ime->choose(0);
    REQUIRE(chosen);
    CHECK(chosen.value() == "政务");
    CHECK_FALSE(firstPage(*ime).composing());
}

TEST_CASE("a full name spelt at once, or chosen a character at a time", "[ime]") {
    TempDir dir;
    auto ime = openIn(dir);
    spell(*ime, "zhangxiaoming");
    CHECK(firstPage(*ime).candidates.at(0) == "张小明");

    // Choosing 张 alone leaves xiao ming to choose; nothing is final until the whole spelling is.
    const Composition whole = firstPage(*ime);
    const auto zhang = std::find(whole.candidates.begin(), whole.candidates.end(), "张");
    REQUIRE(zhang != whole.candidates.end());
    auto partial = ime->choose(static_cast<std::size_t>(zhang - whole.candidates.begin()));
    REQUIRE(partial);
    CHECK(partial.value().empty());
    const Composition rest = firstPage(*ime);
    CHECK(rest.preedit == "张xiao ming");
    REQUIRE_FALSE(rest.candidates.empty());
    auto done = ime->choose(0);
    REQUIRE(done);
    CHECK(done.value() == "张" + rest.candidates[0]);
}

TEST_CASE("initials alone find a phrase, and later pages hold more candidates", "[ime]") {
    TempDir dir;
    auto ime = openIn(dir);
    spell(*ime, "zf");
    const Composition page1 = ime->composition(0, 5);
    const Composition page2 = ime->composition(5, 5);
    REQUIRE(page1.candidates.size() == 5);
    REQUIRE(page2.candidates.size() == 5);
    CHECK(page2.first == 5);
    for (const std::string& c : page2.candidates)
        CHECK(std::find(page1.candidates.begin(), page1.candidates.end(), c) == page1.candidates.end());
    auto chosen = ime->choose(7);
    REQUIRE(chosen);
    CHECK(chosen.value() == page2.candidates[2]);
}

TEST_CASE("candidates the kiosk's fonts and printer cannot show are left out", "[ime]") {
    TempDir dir;
    auto ime = openIn(dir);
    spell(*ime, "wei");  // librime offers 𫗭 (U+2B5ED, CJK Extension E) among the first ten
    const Composition c = ime->composition(0, 30);
    REQUIRE(c.candidates.size() == 30);
    for (const std::string& candidate : c.candidates) {
        INFO(candidate);
        CHECK(static_cast<unsigned char>(candidate[0]) < 0xF0);
    }
    CHECK(std::find(c.candidates.begin(), c.candidates.end(), "𫗭") == c.candidates.end());
    // Indices count the candidates shown: choosing the tenth shown gives the tenth shown.
    auto chosen = ime->choose(9);
    REQUIRE(chosen);
    CHECK(chosen.value() == c.candidates[9]);
}

TEST_CASE("backspace removes the last letter and clear forgets the spelling", "[ime]") {
    TempDir dir;
    auto ime = openIn(dir);
    spell(*ime, "wangx");
    REQUIRE(ime->backspace());
    CHECK(firstPage(*ime).preedit == "wang");
    ime->clear();
    CHECK_FALSE(firstPage(*ime).composing());
    CHECK(firstPage(*ime).candidates.empty());
    CHECK(ime->backspace());  // nothing to remove: harmless
}

TEST_CASE("what the engine refuses is an error, never a crash", "[ime]") {
    TempDir dir;
    auto ime = openIn(dir);
    CHECK(ime->type('A').error().code == ErrorCode::invalidInput);
    CHECK(ime->type('1').error().code == ErrorCode::invalidInput);
    CHECK(ime->choose(0).error().code == ErrorCode::notFound);  // nothing spelt
    spell(*ime, "ma");
    CHECK(ime->choose(100000).error().code == ErrorCode::notFound);
    for (std::size_t i = 2; i < RimePinyin::kMaxSpelling; ++i) REQUIRE(ime->type('a'));
    CHECK(ime->type('a').error().code == ErrorCode::conflict);
    CHECK(firstPage(*ime).composing());
}

TEST_CASE("nothing a citizen typed is written to the engine's folder", "[ime][privacy]") {
    TempDir dir;
    std::string name;
    {
        auto ime = openIn(dir);
        spell(*ime, "weixiuying");
        const Composition c = firstPage(*ime);
        REQUIRE_FALSE(c.candidates.empty());
        auto chosen = ime->choose(0);
        REQUIRE(chosen);
        name = chosen.value();
        REQUIRE_FALSE(name.empty());
        // The same name again: an engine that learns would now rank or store it.
        spell(*ime, "weixiuying");
        REQUIRE(ime->choose(0));
    }  // closed: an engine that learns writes its user dictionary now
    for (const auto& entry : fs::recursive_directory_iterator(dir.path() / "ime")) {
        INFO(entry.path());
        CHECK(entry.path().filename().string().find("userdb") == std::string::npos);
        if (!entry.is_regular_file())
            continue;
        for (const std::string& secret : {std::string("weixiuying"), std::string("wei xiu ying"), name})
            CHECK_FALSE(fileContains(entry.path(), secret));
    }
}

TEST_CASE("the engine can be closed and opened again, but only one at a time", "[ime]") {
    TempDir dir;
    {
        auto ime = openIn(dir);
        RimePinyinOptions options;
        options.userDataDir = dir / "other";
        auto second = RimePinyin::open(options);
        REQUIRE_FALSE(second);
        CHECK(second.error().code == ErrorCode::conflict);
    }
    auto again = openIn(dir);
    spell(*again, "ni");
    CHECK_FALSE(firstPage(*again).candidates.empty());
}

TEST_CASE("missing dictionaries are reported by name", "[ime]") {
    TempDir dir;
    RimePinyinOptions options;
    options.sharedDataDir = dir / "no-data";
    options.userDataDir = dir / "ime";
    auto ime = RimePinyin::open(options);
    REQUIRE_FALSE(ime);
    CHECK(ime.error().code == ErrorCode::notFound);
    CHECK_THAT(ime.error().message,
               Catch::Contains("luna_pinyin") && Catch::Contains("rime-data-luna-pinyin"));
}

TEST_CASE("a folder that cannot be made is reported, and nothing is left open", "[ime]") {
    TempDir dir;
    std::ofstream(dir / "file") << "not a folder";
    RimePinyinOptions options;
    options.userDataDir = dir / "file";
    auto ime = RimePinyin::open(options);
    REQUIRE_FALSE(ime);
    CHECK(ime.error().code == ErrorCode::io);
    CHECK_THAT(ime.error().message, Catch::Contains("file"));
    auto usable = openIn(dir);  // the failed attempt did not hold the process's one engine
    CHECK(usable->type('a'));
}
