// Tests for drivers/protocol/escpos.cpp: the exact bytes the ESC/POS writer sends to the printer.
#include "drivers/protocol/escpos.h"

#include <catch2/catch.hpp>

#include <algorithm>

#include "test_support.h"

using namespace yimen;
using namespace yimen::drivers::protocol;
using yimen::drivers::test::hexBytes;
using yimen::drivers::test::toHex;

namespace {

std::string hexOf(const EscPosWriter& w) {
    auto bytes = w.bytes();
    REQUIRE(bytes.hasValue());
    return toHex(*bytes);
}

}  // namespace

TEST_CASE("writer produces the exact bytes of a small receipt") {
    EscPosWriter w;
    w.init()
        .align(Align::center)
        .size(2, 2)
        .bold(true)
        .text("受理回执")
        .newline()
        .size(1, 1)
        .bold(false)
        .align(Align::left)
        .text("No.1")
        .newline()
        .qrCode("AB", 4, QrEcc::L)
        .feed(3)
        .cut();
    // Written by hand from reference/PROTOCOLS.md B.1.
    const std::string expected =
        "1B 40 1C 26 "                    // ESC @, FS & (Chinese mode)
        "1B 61 01 "                       // ESC a 1: centre
        "1D 21 11 "                       // GS ! 0x11: double width and height
        "1B 45 01 "                       // ESC E 1: bold
        "CA DC C0 ED BB D8 D6 B4 "        // 受理回执 in GB18030
        "0A "                             // LF
        "1D 21 00 1B 45 00 1B 61 00 "     // size 1x1, bold off, left
        "4E 6F 2E 31 0A "                 // No.1 LF
        "1D 28 6B 04 00 31 41 32 00 "     // QR model 2
        "1D 28 6B 03 00 31 43 04 "        // module size 4
        "1D 28 6B 03 00 31 45 30 "        // error level L
        "1D 28 6B 05 00 31 50 30 41 42 "  // store "AB": pL = 2 + 3
        "1D 28 6B 03 00 31 51 30 "        // print
        "1B 64 03 "                       // feed 3 lines
        "1D 56 41 00";                    // feed to the cutter, full cut
    CHECK(hexOf(w) == toHex(hexBytes(expected)));
}

TEST_CASE("writer encodes each command with its parameters") {
    struct Case {
        const char* what;
        void (*build)(EscPosWriter&);
        const char* hex;
    };
    const Case cases[] = {
        {"newline", [](EscPosWriter& w) { w.newline(); }, "0A"},
        {"feed 0", [](EscPosWriter& w) { w.feed(0); }, "1B 64 00"},
        {"feed 255", [](EscPosWriter& w) { w.feed(255); }, "1B 64 FF"},
        {"bold on", [](EscPosWriter& w) { w.bold(true); }, "1B 45 01"},
        {"bold off", [](EscPosWriter& w) { w.bold(false); }, "1B 45 00"},
        {"align right", [](EscPosWriter& w) { w.align(Align::right); }, "1B 61 02"},
        {"size 8x8", [](EscPosWriter& w) { w.size(8, 8); }, "1D 21 77"},
        {"size 1 wide 8 high", [](EscPosWriter& w) { w.size(1, 8); }, "1D 21 07"},
        {"size 3 wide 1 high", [](EscPosWriter& w) { w.size(3, 1); }, "1D 21 20"},
        {"full cut", [](EscPosWriter& w) { w.cut(); }, "1D 56 41 00"},
        {"partial cut after 16 dots", [](EscPosWriter& w) { w.cut(CutMode::partial, 16); }, "1D 56 42 10"},
        {"error level H", [](EscPosWriter& w) { w.qrCode("1", 1, QrEcc::H); },
         "1D 28 6B 04 00 31 41 32 00 1D 28 6B 03 00 31 43 01 1D 28 6B 03 00 31 45 33 "
         "1D 28 6B 04 00 31 50 30 31 1D 28 6B 03 00 31 51 30"},
        {"text with a line break", [](EscPosWriter& w) { w.text("受\n理"); }, "CA DC 0A C0 ED"},
        {"line", [](EscPosWriter& w) { w.line("ok"); }, "6F 6B 0A"},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        EscPosWriter w;
        c.build(w);
        CHECK(hexOf(w) == toHex(hexBytes(c.hex)));
    }
}

TEST_CASE("writer stores long QR data with a two-byte length") {
    EscPosWriter w;
    w.qrCode(std::string(300, 'x'), 6, QrEcc::M);
    auto bytes = w.bytes();
    REQUIRE(bytes.hasValue());
    // The store command follows model (9 bytes), module size (8) and error level (8).
    const std::vector<std::uint8_t> header(bytes->begin() + 25, bytes->begin() + 33);
    CHECK(toHex(header) == "1D 28 6B 2F 01 31 50 30");  // 0x012F = 300 + 3
    CHECK(bytes->size() == 25 + 8 + 300 + 8);
}

TEST_CASE("separator spans the paper at the current character width") {
    struct Case {
        PaperWidth paper;
        int width;
        std::size_t dashes;
    };
    for (const Case& c : {Case{PaperWidth::mm80, 1, 48}, Case{PaperWidth::mm58, 1, 32},
                          Case{PaperWidth::mm80, 2, 24}, Case{PaperWidth::mm58, 4, 8}}) {
        EscPosWriter w(c.paper);
        w.size(c.width, 1).separator();
        auto bytes = w.bytes();
        REQUIRE(bytes.hasValue());
        const std::vector<std::uint8_t> rule(bytes->begin() + 3, bytes->end());
        std::vector<std::uint8_t> expected(c.dashes, '-');
        expected.push_back(0x0A);
        CHECK(rule == expected);
    }
}

TEST_CASE("paragraph wraps long Chinese text to the paper so no line overflows") {
    EscPosWriter w(PaperWidth::mm58);  // 32 columns: 16 Chinese characters a line
    w.paragraph("请您携带本人有效身份证件原件到窗口领取办理结果谢谢");  // 25 characters
    auto bytes = w.bytes();
    REQUIRE(bytes.hasValue());
    CHECK(std::count(bytes->begin(), bytes->end(), 0x0A) == 2);
    CHECK(bytes->size() == 25 * 2 + 2);
    CHECK((*bytes)[16 * 2] == 0x0A);
}

TEST_CASE("writer reports invalid UTF-8 instead of dropping the text, and stops appending") {
    EscPosWriter w;
    w.init().text("受理\xE5\x8F").newline().cut();
    CHECK_FALSE(w.ok());
    auto bytes = w.bytes();
    REQUIRE_FALSE(bytes.hasValue());
    CHECK(bytes.error().code == ErrorCode::invalidInput);
    CHECK(bytes.error().message == "ESC/POS call 2 (text): invalid UTF-8 at byte 6");
}

TEST_CASE("writer refuses control characters in text so printer commands cannot be injected") {
    EscPosWriter w;
    w.text(
        "张三\x1D"
        "V\x41");
    REQUIRE_FALSE(w.bytes().hasValue());
    CHECK(w.bytes().error().message == "ESC/POS call 1 (text): control character at byte 6");

    EscPosWriter c1;
    c1.line("next\u0085line");
    REQUIRE_FALSE(c1.bytes().hasValue());
    CHECK(c1.bytes().error().message == "ESC/POS call 1 (line): control character at byte 4");
}

TEST_CASE("writer refuses parameters the printer cannot take") {
    struct Case {
        const char* what;
        void (*build)(EscPosWriter&);
    };
    const Case cases[] = {
        {"size 0", [](EscPosWriter& w) { w.size(0, 1); }},
        {"size 9", [](EscPosWriter& w) { w.size(1, 9); }},
        {"feed 256", [](EscPosWriter& w) { w.feed(256); }},
        {"negative feed", [](EscPosWriter& w) { w.feed(-1); }},
        {"module size 17", [](EscPosWriter& w) { w.qrCode("x", 17); }},
        {"module size 0", [](EscPosWriter& w) { w.qrCode("x", 0); }},
        {"empty QR", [](EscPosWriter& w) { w.qrCode(""); }},
        {"QR over level H capacity", [](EscPosWriter& w) { w.qrCode(std::string(1274, 'x'), 3, QrEcc::H); }},
        {"image wider than the paper", [](EscPosWriter& w) { w.image(MonoBitmap(577, 8)); }},
        {"empty image", [](EscPosWriter& w) { w.image(MonoBitmap()); }},
        {"cut feed 300", [](EscPosWriter& w) { w.cut(CutMode::full, 300); }},
        {"separator of a control character", [](EscPosWriter& w) { w.separator('\n'); }},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        EscPosWriter w;
        c.build(w);
        auto bytes = w.bytes();
        REQUIRE_FALSE(bytes.hasValue());
        CHECK(bytes.error().code == ErrorCode::invalidInput);
    }
}

TEST_CASE("writer accepts a QR code at exactly the capacity of its level") {
    EscPosWriter w;
    w.qrCode(std::string(1273, 'x'), 3, QrEcc::H);
    CHECK(w.ok());
}

TEST_CASE("image is sent as GS v 0 rows with the leftmost dot in the top bit") {
    MonoBitmap bitmap(10, 2);
    bitmap.setDot(0, 0);
    bitmap.setDot(9, 1);
    EscPosWriter w;
    w.image(bitmap);
    CHECK(hexOf(w) == "1D 76 30 00 02 00 02 00 80 00 00 40");
}

TEST_CASE("tall images are split into bands the printer buffer can take") {
    MonoBitmap bitmap(16, 300);
    EscPosWriter w;
    w.image(bitmap);
    auto bytes = w.bytes();
    REQUIRE(bytes.hasValue());
    REQUIRE(bytes->size() == 8 + 2 * 256 + 8 + 2 * 44);
    CHECK(toHex(std::vector<std::uint8_t>(bytes->begin(), bytes->begin() + 8)) == "1D 76 30 00 02 00 00 01");
    const auto second = bytes->begin() + 8 + 2 * 256;
    CHECK(toHex(std::vector<std::uint8_t>(second, second + 8)) == "1D 76 30 00 02 00 2C 00");
}

TEST_CASE("finish hands over the job and leaves the writer ready for the next one") {
    EscPosWriter w;
    w.size(2, 2).text("A");
    auto first = w.finish();
    REQUIRE(first.hasValue());
    CHECK(toHex(*first) == "1D 21 11 41");
    CHECK(w.columns() == 48);
    auto empty = w.bytes();
    REQUIRE(empty.hasValue());
    CHECK(empty->empty());

    w.text("\xFF");
    CHECK_FALSE(w.finish().hasValue());
    CHECK(w.ok());
}
