// Tests for drivers/protocol/escpos_parser.cpp: reading ESC/POS back, and surviving anything else.
#include "drivers/protocol/escpos_parser.h"

#include <catch2/catch.hpp>

#include <random>

#include "drivers/protocol/escpos.h"
#include "test_support.h"

using namespace yimen;
using namespace yimen::drivers::protocol;
using yimen::drivers::test::bytesOf;
using yimen::drivers::test::hexBytes;

namespace {

std::vector<Operation> parseOk(const std::vector<std::uint8_t>& bytes) {
    auto ops = parseEscPos(bytes);
    if (!ops) {
        FAIL(ops.error().message);
    }
    return *ops;
}

// The operations that reach the paper: mode settings show in the styles of these.
std::vector<Command> printed(const std::vector<Operation>& ops) {
    std::vector<Command> out;
    for (const Operation& op : ops) {
        if (!std::holds_alternative<ModeSet>(op.command) && !std::holds_alternative<Ignored>(op.command) &&
            !std::holds_alternative<QrStore>(op.command)) {
            out.push_back(op.command);
        }
    }
    return out;
}

TextStyle style(int w, int h, bool bold, Align align) {
    TextStyle s;
    s.widthScale = w;
    s.heightScale = h;
    s.bold = bold;
    s.align = align;
    return s;
}

QrPrint qrPrint(std::string data, int moduleSize, QrEcc ecc, Align align) {
    return QrPrint{std::make_shared<const std::string>(std::move(data)), QrModel::model2, moduleSize, ecc,
                   align};
}

std::vector<std::uint8_t> sampleReceipt() {
    MonoBitmap logo(16, 3);
    for (int x = 0; x < 16; x += 3) logo.setDot(x, 1);
    EscPosWriter w;
    w.init()
        .image(logo)
        .align(Align::center)
        .size(2, 2)
        .bold(true)
        .line("受理回执")
        .size(1, 1)
        .bold(false)
        .align(Align::left)
        .separator()
        .line("受理编号：YM20240601-0001")
        .text("申请人：")
        .bold(true)
        .text("韦秀英")
        .bold(false)
        .newline()
        .align(Align::center)
        .qrCode("https://zwfw.example.gov.cn/r/YM20240601-0001", 6, QrEcc::M)
        .feed(3)
        .cut();
    auto bytes = w.bytes();
    REQUIRE(bytes.hasValue());
    return *bytes;
}

}  // namespace

TEST_CASE("parser reads back everything the writer emits") {
    const auto bytes = sampleReceipt();
    const auto ops = parseOk(bytes);

    MonoBitmap logo(16, 3);
    for (int x = 0; x < 16; x += 3) logo.setDot(x, 1);
    const std::vector<Command> expected = {
        Initialize{},
        RasterImage{logo, 1, 1, Align::left},
        TextRun{"受理回执", style(2, 2, true, Align::center)},
        LineFeed{},
        TextRun{std::string(48, '-'), style(1, 1, false, Align::left)},
        LineFeed{},
        TextRun{"受理编号：YM20240601-0001", style(1, 1, false, Align::left)},
        LineFeed{},
        TextRun{"申请人：", style(1, 1, false, Align::left)},
        TextRun{"韦秀英", style(1, 1, true, Align::left)},
        LineFeed{},
        qrPrint("https://zwfw.example.gov.cn/r/YM20240601-0001", 6, QrEcc::M, Align::center),
        FeedLines{3},
        Cut{CutMode::full, true, 0},
    };
    CHECK(printed(ops) == expected);
}

TEST_CASE("parsed operations cover the job byte for byte, in order") {
    const auto bytes = sampleReceipt();
    const auto ops = parseOk(bytes);
    std::size_t next = 0;
    for (const Operation& op : ops) {
        CHECK(op.offset == next);
        CHECK(op.length > 0);
        next = op.offset + op.length;
    }
    CHECK(next == bytes.size());
}

TEST_CASE("parser applies ESC ! print modes and the Chinese mode switch") {
    // ESC ! 0x38 (bold, double height, double width) "A", FS . (single-byte mode) 0x82 (é in PC437), FS & 受
    const auto ops = parseOk(hexBytes("1B 21 38 41 1C 2E 82 1C 26 CA DC"));
    const auto runs = printed(ops);
    REQUIRE(runs.size() == 3);
    CHECK(std::get<TextRun>(runs[0]).style == style(2, 2, true, Align::left));
    const auto& single = std::get<TextRun>(runs[1]);
    CHECK(single.utf8 == "é");
    CHECK_FALSE(single.style.chineseMode);
    CHECK(std::get<TextRun>(runs[2]).utf8 == "受");
    CHECK(std::get<TextRun>(runs[2]).style.chineseMode);
}

TEST_CASE("parser ignores out-of-range parameters as a printer does") {
    // GS ! 0x88 has bits outside 1..8; ESC a 7 is no alignment. Neither changes the style of "A".
    const auto ops = parseOk(hexBytes("1D 21 88 1B 61 07 41"));
    REQUIRE(ops.size() == 3);
    CHECK(std::get<Ignored>(ops[0].command).command == "GS ! 0x88");
    CHECK(std::get<Ignored>(ops[1].command).command == "ESC a 0x07");
    CHECK(std::get<TextRun>(ops[2].command).style == TextStyle{});
}

TEST_CASE("parser skips known commands it does not render by their lengths") {
    struct Case {
        const char* what;
        const char* hex;
        const char* command;
    };
    const Case cases[] = {
        {"code page", "1B 74 11", "ESC t"},
        {"drawer kick", "1B 70 00 19 FA", "ESC p"},
        {"underline", "1B 2D 01", "ESC -"},
        {"tab positions", "1B 44 08 10 00", "ESC D"},
        {"bit image, 24-dot", "1B 2A 21 02 00 01 02 03 04 05 06", "ESC *"},
        {"user characters", "1B 26 03 41 42 01 AA BB CC 01 DD EE FF", "ESC &"},
        {"barcode, NUL-terminated", "1D 6B 04 31 32 33 00", "GS k"},
        {"barcode, counted", "1D 6B 49 03 31 32 33", "GS k"},
        {"PDF417 function", "1D 28 6B 03 00 30 41 02", "GS ( k"},
        {"graphics function", "1D 28 4C 02 00 30 45", "GS ( L"},
        {"large graphics function", "1D 38 4C 02 00 00 00 30 45", "GS 8 L"},
        {"download bit image", "1D 2A 01 01 00 00 00 00 00 00 00 00", "GS *"},
        {"status request", "10 04 01", "DLE EOT"},
        {"real-time pulse", "10 14 01 00 01", "DLE DC4"},
        {"Chinese double size", "1C 57 01", "FS W"},
        {"NV image define", "1C 71 01 01 00 01 00 00 00 00 00 00 00 00 00", "FS q"},
        {"carriage return", "0D", "control 0x0D"},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        auto bytes = hexBytes(c.hex);
        bytes.push_back('Z');
        const auto ops = parseOk(bytes);
        REQUIRE(ops.size() == 2);
        CHECK_THAT(std::get<Ignored>(ops[0].command).command, Catch::StartsWith(c.command));
        CHECK(ops[0].length == bytes.size() - 1);
        CHECK(std::get<TextRun>(ops[1].command).utf8 == "Z");
    }
}

TEST_CASE("parser reports truncated and unknown commands with their byte offset") {
    struct Case {
        const char* hex;
        const char* message;
    };
    const Case cases[] = {
        {"1B 40 1D 28 6B 05 00 31 50", "truncated GS ( k at byte 2"},
        {"41 42 1B", "truncated ESC at byte 2"},
        {"1B 64", "truncated ESC d at byte 0"},
        {"0A 1D 76 30 00 02 00 02 00 FF FF FF", "truncated GS v at byte 1"},
        {"1D 56 41", "truncated GS V at byte 0"},
        {"1B 01", "ESC 0x01 at byte 0: unknown command"},
        {"0A 0A 1D 56 07", "GS V at byte 2: unknown cut mode 0x07"},
        {"1B 44 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10 11 12 13 14 15 16 17 18 19 1A 1B 1C 1D 1E 1F "
         "20 21",
         "ESC D at byte 0: more than 32 tab positions"},
        {"41 CA", "truncated GB18030 character at byte 1"},
        {"41 42 80 43", "invalid GB18030 at byte 2"},
    };
    for (const Case& c : cases) {
        INFO(c.hex);
        auto ops = parseEscPos(hexBytes(c.hex));
        REQUIRE_FALSE(ops.hasValue());
        CHECK(ops.error().code == ErrorCode::invalidInput);
        CHECK(ops.error().message == c.message);
    }
}

TEST_CASE("parser survives every truncation of a real receipt") {
    const auto bytes = sampleReceipt();
    int failures = 0;
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        const std::vector<std::uint8_t> prefix(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
        auto ops = parseEscPos(prefix);
        if (!ops) {
            ++failures;
            CHECK(ops.error().code == ErrorCode::invalidInput);
            CHECK_THAT(ops.error().message, Catch::Contains("at byte"));
        }
    }
    // Most cut points fall inside a command or a Chinese character.
    CHECK(failures > static_cast<int>(bytes.size() / 2));
}

TEST_CASE("parser survives random bytes without crashing or reading out of bounds") {
    std::mt19937 random(20240601);
    // Half the bytes come from command prefixes and codes, so that the parser gets deep into commands.
    const std::uint8_t interesting[] = {0x1B, 0x1D, 0x1C, 0x10, 0x0A, 0x28, 0x6B, 0x76,
                                        0x30, 0x31, 0x50, 0x51, 0x56, 0x41, 0x21, 0x40,
                                        0x61, 0x64, 0x00, 0x01, 0x03, 0xFF, 0xCA, 0xDC};
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<std::size_t> pick(0, sizeof interesting - 1);
    std::uniform_int_distribution<int> length(0, 300);
    int parsed = 0;
    for (int round = 0; round < 3000; ++round) {
        std::vector<std::uint8_t> junk(static_cast<std::size_t>(length(random)));
        for (auto& b : junk) {
            b = byte(random) < 128 ? interesting[pick(random)] : static_cast<std::uint8_t>(byte(random));
        }
        auto ops = parseEscPos(junk);
        if (ops) {
            ++parsed;
        } else {
            CHECK(ops.error().code == ErrorCode::invalidInput);
        }
    }
    CHECK(parsed > 0);
}

TEST_CASE("repeated QR prints share the stored data instead of copying it") {
    EscPosWriter w;
    w.qrCode(std::string(2000, 'q'), 3, QrEcc::L);
    auto bytes = w.bytes().value();
    const auto print = hexBytes("1D 28 6B 03 00 31 51 30");
    for (int i = 0; i < 1000; ++i) bytes.insert(bytes.end(), print.begin(), print.end());
    const auto ops = parseOk(bytes);
    const QrStore* store = nullptr;
    int prints = 0;
    for (const Operation& op : ops) {
        if (const auto* s = std::get_if<QrStore>(&op.command))
            store = s;
        if (const auto* p = std::get_if<QrPrint>(&op.command)) {
            REQUIRE(store != nullptr);
            CHECK(p->data.get() == store->data.get());
            ++prints;
        }
    }
    CHECK(prints == 1001);
}

TEST_CASE("ESC @ resets the character modes and forgets the stored QR data") {
    // Store "A", bold, ESC @, print: nothing is stored any more, and the text after is plain.
    const auto ops =
        parseOk(hexBytes("1D 28 6B 04 00 31 50 30 41 1B 45 01 1B 40 1D 28 6B 03 00 31 51 30 42"));
    REQUIRE(ops.size() == 5);
    CHECK(std::holds_alternative<Initialize>(ops[2].command));
    CHECK_THAT(std::get<Ignored>(ops[3].command).command, Catch::Contains("not applied"));
    CHECK(std::get<TextRun>(ops[4].command).style == TextStyle{});
}

TEST_CASE("parser reads the older cut commands") {
    const auto ops = parseOk(hexBytes("1D 56 00 1D 56 31 1B 69 1D 56 42 20"));
    REQUIRE(ops.size() == 4);
    CHECK(std::get<Cut>(ops[0].command) == Cut{CutMode::full, false, 0});
    CHECK(std::get<Cut>(ops[1].command) == Cut{CutMode::partial, false, 0});
    CHECK(std::get<Cut>(ops[2].command) == Cut{CutMode::partial, false, 0});
    CHECK(std::get<Cut>(ops[3].command) == Cut{CutMode::partial, true, 32});
}

TEST_CASE("parser refuses a job larger than its limit") {
    const std::vector<std::uint8_t> huge(kMaxEscPosJobBytes + 1, 'A');
    auto ops = parseEscPos(huge);
    REQUIRE_FALSE(ops.hasValue());
    CHECK(ops.error().code == ErrorCode::invalidInput);
}

TEST_CASE("parser reads plain ASCII text as one run") {
    const auto ops = parseOk(bytesOf("Hello, kiosk"));
    REQUIRE(ops.size() == 1);
    CHECK(std::get<TextRun>(ops[0].command).utf8 == "Hello, kiosk");
}
