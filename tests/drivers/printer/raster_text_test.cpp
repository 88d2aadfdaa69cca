// Tests for drivers/printer/raster_text.cpp: Chinese lines become GS v 0 images that print like the text
// would.
#include "drivers/printer/raster_text.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>

#include "drivers/printer/font_glyph_source.h"
#include "drivers/protocol/escpos.h"
#include "drivers/protocol/escpos_parser.h"
#include "drivers/sim/sim_receipt_printer.h"
#include "tests/drivers/test_support.h"
#include "tests/support/skip.h"

using namespace yimen;
using namespace yimen::drivers;
using namespace yimen::drivers::printer;
using namespace yimen::drivers::protocol;
using yimen::drivers::test::hexBytes;

namespace {

// Every glyph a solid block of its cell, so an image shows exactly where each cell went.
class SolidGlyphs final : public GlyphSource {
public:
    MonoBitmap glyph(char32_t, int baseCellWidth, int widthScale, int heightScale) override {
        ++calls;
        MonoBitmap cell(baseCellWidth * widthScale, kCellHeight * heightScale);
        for (int y = 0; y < cell.height; ++y) {
            for (int x = 0; x < cell.width; ++x) {
                cell.setDot(x, y);
            }
        }
        return cell;
    }
    int calls = 0;
};

std::vector<std::uint8_t> jobOf(EscPosWriter& w) {
    auto bytes = w.bytes();
    REQUIRE(bytes.hasValue());
    return *bytes;
}

std::vector<Operation> opsOf(const std::vector<std::uint8_t>& job) {
    auto ops = parseEscPos(job);
    REQUIRE(ops.hasValue());
    return *ops;
}

std::vector<RasterImage> imagesIn(const std::vector<Operation>& ops) {
    std::vector<RasterImage> out;
    for (const Operation& op : ops) {
        if (const auto* image = std::get_if<RasterImage>(&op.command)) {
            out.push_back(*image);
        }
    }
    return out;
}

std::vector<int> feedsIn(const std::vector<Operation>& ops) {
    std::vector<int> out;
    for (const Operation& op : ops) {
        if (const auto* feed = std::get_if<FeedDots>(&op.command)) {
            out.push_back(feed->dots);
        }
    }
    return out;
}

bool hasChineseText(const std::vector<Operation>& ops) {
    for (const Operation& op : ops) {
        if (const auto* run = std::get_if<TextRun>(&op.command)) {
            for (char c : run->utf8) {
                if (static_cast<unsigned char>(c) >= 0x80) {
                    return true;
                }
            }
        }
    }
    return false;
}

// The first and one-past-last black columns of row `y`.
std::pair<int, int> inkSpan(const MonoBitmap& b, int y) {
    int first = -1;
    int last = -1;
    for (int x = 0; x < b.width; ++x) {
        if (b.dot(x, y)) {
            if (first < 0)
                first = x;
            last = x;
        }
    }
    return {first, last + 1};
}

std::vector<std::uint8_t> fileBytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("a job without Chinese text passes through byte for byte") {
    EscPosWriter w;
    w.init()
        .align(Align::center)
        .bold(true)
        .line("RECEIPT 2024-06-01")
        .bold(false)
        .separator()
        .qrCode("YMQ1|A|1")
        .feed(3)
        .cut();
    const auto job = jobOf(w);
    SolidGlyphs glyphs;
    auto out = rasteriseChineseText(job, PaperWidth::mm80, glyphs);
    REQUIRE(out.hasValue());
    CHECK(*out == job);
    CHECK(glyphs.calls == 0);
}

TEST_CASE("a Chinese line becomes one paper-wide image and the rest of the line feed") {
    EscPosWriter w;
    w.init().line("ID 12").line("受理回执").line("OK").cut();
    SolidGlyphs glyphs;
    auto out = rasteriseChineseText(jobOf(w), PaperWidth::mm80, glyphs);
    REQUIRE(out.hasValue());
    const auto ops = opsOf(*out);
    CHECK_FALSE(hasChineseText(ops));
    const auto images = imagesIn(ops);
    REQUIRE(images.size() == 1);
    CHECK(images[0].bitmap.width == 576);
    CHECK(images[0].bitmap.height == 24);
    CHECK(inkSpan(images[0].bitmap, 0) == std::pair{0, 4 * 24});
    CHECK(feedsIn(ops) == std::vector<int>{30 - 24});
    // The ASCII lines around it stay text.
    int asciiRuns = 0;
    for (const Operation& op : ops) {
        if (std::holds_alternative<TextRun>(op.command))
            ++asciiRuns;
    }
    CHECK(asciiRuns == 2);
    CHECK(std::holds_alternative<Cut>(ops.back().command));
}

TEST_CASE("size, alignment and mixed cell widths are laid out as the printer lays out text") {
    SolidGlyphs glyphs;

    SECTION("double size, centred: 48-dot cells in the middle, no extra feed") {
        EscPosWriter w;
        w.init().align(Align::center).size(2, 2).line("回执");
        auto out = rasteriseChineseText(jobOf(w), PaperWidth::mm80, glyphs);
        REQUIRE(out.hasValue());
        const auto ops = opsOf(*out);
        const auto images = imagesIn(ops);
        REQUIRE(images.size() == 1);
        CHECK(images[0].bitmap.height == 48);
        CHECK(inkSpan(images[0].bitmap, 10) == std::pair{(576 - 96) / 2, (576 - 96) / 2 + 96});
        CHECK(feedsIn(ops).empty());
    }
    SECTION("right aligned on 58 mm: ASCII cells are 12 dots, CJK 24") {
        EscPosWriter w(PaperWidth::mm58);
        w.init().align(Align::right).line("No.号");
        auto out = rasteriseChineseText(jobOf(w), PaperWidth::mm58, glyphs);
        REQUIRE(out.hasValue());
        const auto images = imagesIn(opsOf(*out));
        REQUIRE(images.size() == 1);
        CHECK(images[0].bitmap.width == 384);
        CHECK(inkSpan(images[0].bitmap, 0) == std::pair{384 - (3 * 12 + 24), 384});
    }
    SECTION("tall and short cells on one line share its bottom") {
        EscPosWriter w;
        w.init().size(1, 2).text("大").size(1, 1).text("小").newline();
        auto out = rasteriseChineseText(jobOf(w), PaperWidth::mm80, glyphs);
        REQUIRE(out.hasValue());
        const auto images = imagesIn(opsOf(*out));
        REQUIRE(images.size() == 1);
        CHECK(images[0].bitmap.height == 48);
        CHECK(inkSpan(images[0].bitmap, 0) == std::pair{0, 24});
        CHECK(inkSpan(images[0].bitmap, 47) == std::pair{0, 48});
    }
}

TEST_CASE("a Chinese line too long for the paper wraps into two images") {
    std::string thirty;
    for (int i = 0; i < 30; ++i) thirty += "字";
    EscPosWriter w;
    w.init().text(thirty).newline();
    SolidGlyphs glyphs;
    auto out = rasteriseChineseText(jobOf(w), PaperWidth::mm80, glyphs);
    REQUIRE(out.hasValue());
    const auto ops = opsOf(*out);
    const auto images = imagesIn(ops);
    REQUIRE(images.size() == 2);
    CHECK(inkSpan(images[0].bitmap, 0) == std::pair{0, 576});     // 24 characters fill the line
    CHECK(inkSpan(images[1].bitmap, 0) == std::pair{0, 6 * 24});  // the other 6
    CHECK(feedsIn(ops) == std::vector<int>{6, 6});
}

TEST_CASE("line-ending commands after Chinese text keep their paper feed") {
    struct Case {
        const char* what;
        std::function<void(EscPosWriter&)> end;
        std::vector<int> feeds;
        bool endsWithCut;
    };
    const Case cases[] = {
        {"ESC d 3: three lines in all", [](EscPosWriter& w) { w.feed(3); }, {90 - 24}, false},
        {"cut: the line first, then the cut", [](EscPosWriter& w) { w.cut(); }, {6}, true},
        {"ESC d 0: the line only", [](EscPosWriter& w) { w.feed(0); }, {}, false},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        EscPosWriter w;
        w.init().text("办结");
        c.end(w);
        SolidGlyphs glyphs;
        auto out = rasteriseChineseText(jobOf(w), PaperWidth::mm80, glyphs);
        REQUIRE(out.hasValue());
        const auto ops = opsOf(*out);
        CHECK(imagesIn(ops).size() == 1);
        CHECK(feedsIn(ops) == c.feeds);
        CHECK(std::holds_alternative<Cut>(ops.back().command) == c.endsWithCut);
    }
}

TEST_CASE("a job that does not parse is refused") {
    SolidGlyphs glyphs;
    auto out = rasteriseChineseText(hexBytes("1B 40 1D"), PaperWidth::mm80, glyphs);
    REQUIRE_FALSE(out.hasValue());
    CHECK(out.error().code == ErrorCode::invalidInput);
}

TEST_CASE("a raster receipt prints the same dots as the same receipt in the printer's Chinese font") {
    auto font = FontGlyphSource::open();
    if (!font) {
        YIMEN_SKIP("no CJK font installed: " << font.error().message);
    }
    EscPosWriter w;
    w.init()
        .align(Align::center)
        .size(2, 2)
        .bold(true)
        .line("受理回执")
        .size(1, 1)
        .bold(false)
        .align(Align::left)
        .separator()
        .line("事项：居住证办理")
        .paragraph("申请人：张三  受理编号 YM-20240601-0001，请凭此回执查询办理进度。")
        .separator()
        .align(Align::center)
        .qrCode("YMQ1|YM-20240601-0001|8842", 6)
        .feed(3)
        .cut();
    const auto job = jobOf(w);
    auto raster = rasteriseChineseText(job, PaperWidth::mm80, **font);
    REQUIRE(raster.hasValue());
    CHECK_FALSE(hasChineseText(opsOf(*raster)));

    test::TempDir textDir;
    test::TempDir rasterDir;
    auto textPrinter = sim::SimReceiptPrinter::create(textDir.path());
    auto rasterPrinter = sim::SimReceiptPrinter::create(rasterDir.path());
    REQUIRE(textPrinter.hasValue());
    REQUIRE(rasterPrinter.hasValue());
    REQUIRE((*textPrinter)->print(job).hasValue());
    REQUIRE((*rasterPrinter)->print(*raster).hasValue());
    REQUIRE((*textPrinter)->printedFiles().size() == 1);
    REQUIRE((*rasterPrinter)->printedFiles().size() == 1);
    const auto textPng = fileBytes((*textPrinter)->printedFiles()[0]);
    const auto rasterPng = fileBytes((*rasterPrinter)->printedFiles()[0]);
    CHECK_FALSE(textPng.empty());
    const bool samePaper = textPng == rasterPng;
    CHECK(samePaper);
}
