// Tests for drivers/protocol/hid_keyboard.cpp: keyboard layouts, report decoding and the US layout.
#include "drivers/protocol/hid_keyboard.h"

#include <catch2/catch.hpp>

#include "tests/drivers/scanner/hid_vectors.h"
#include "tests/drivers/test_support.h"

using namespace yimen;
using namespace yimen::drivers::protocol;
using yimen::drivers::test::hexBytes;

TEST_CASE("boot keyboard reports decode into modifiers and pressed keys") {
    struct Case {
        const char* what;
        const char* report;
        std::uint8_t modifiers;
        std::vector<std::uint8_t> keys;
        bool rollOver;
    };
    const Case cases[] = {
        {"released", "00 00 00 00 00 00 00 00", 0x00, {}, false},
        {"a", "00 00 04 00 00 00 00 00", 0x00, {0x04}, false},
        {"shift A", "02 00 04 00 00 00 00 00", 0x02, {0x04}, false},
        {"right shift and two keys", "20 00 1E 1F 00 00 00 00", 0x20, {0x1E, 0x1F}, false},
        {"enter", "00 00 28 00 00 00 00 00", 0x00, {0x28}, false},
        {"roll-over", "00 00 01 01 01 01 01 01", 0x00, {}, true},
        {"POST fail slots are not keys", "00 00 02 03 00 00 00 00", 0x00, {}, false},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        auto state = decodeKeyboardReport(bootKeyboardLayout(), hexBytes(c.report));
        REQUIRE(state.hasValue());
        REQUIRE(state->has_value());
        CHECK((*state)->modifiers == c.modifiers);
        CHECK((*state)->keys == c.keys);
        CHECK((*state)->rollOver == c.rollOver);
    }
}

TEST_CASE("a keyboard report shorter than its layout is refused") {
    auto state = decodeKeyboardReport(bootKeyboardLayout(), hexBytes("00 00 04"));
    REQUIRE_FALSE(state.hasValue());
    CHECK(state.error().code == ErrorCode::invalidInput);
    CHECK(state.error().message == "keyboard report of 3 bytes is shorter than the 8 its layout needs");
}

TEST_CASE("the keyboard layout is found in a descriptor with report IDs") {
    auto descriptor = parseHidReportDescriptor(drivers::test::kReportIdKeyboardDescriptor);
    REQUIRE(descriptor.hasValue());
    auto layout = findKeyboardLayout(*descriptor);
    REQUIRE(layout.hasValue());
    CHECK(layout->reportId == 1);
    CHECK(layout->hasModifiers);
    CHECK(layout->modifierBitOffset == 0);
    CHECK(layout->keysBitOffset == 8);
    CHECK(layout->keyCount == 6);
    CHECK(layout->reportBytes == 8);

    auto shiftedY = decodeKeyboardReport(*layout, hexBytes("01 02 1C 00 00 00 00 00"));
    REQUIRE(shiftedY.hasValue());
    REQUIRE(shiftedY->has_value());
    CHECK((*shiftedY)->modifiers == 0x02);
    CHECK((*shiftedY)->keys == std::vector<std::uint8_t>{0x1C});

    // The consumer-control report belongs to another collection: not a keyboard report, not an error.
    auto consumer = decodeKeyboardReport(*layout, hexBytes("02 E9 00"));
    REQUIRE(consumer.hasValue());
    CHECK_FALSE(consumer->has_value());
}

TEST_CASE("the boot descriptor yields the boot layout") {
    auto descriptor = parseHidReportDescriptor(drivers::test::kBootKeyboardDescriptor);
    REQUIRE(descriptor.hasValue());
    auto layout = findKeyboardLayout(*descriptor);
    REQUIRE(layout.hasValue());
    const KeyboardReportLayout boot = bootKeyboardLayout();
    CHECK(layout->reportId == boot.reportId);
    CHECK(layout->keysBitOffset == boot.keysBitOffset);
    CHECK(layout->modifierBitOffset == boot.modifierBitOffset);
    CHECK(layout->reportBytes == boot.reportBytes);
}

TEST_CASE("a HID POS descriptor has no keyboard layout") {
    auto descriptor = parseHidReportDescriptor(drivers::test::kHidPosDescriptor);
    REQUIRE(descriptor.hasValue());
    auto layout = findKeyboardLayout(*descriptor);
    REQUIRE_FALSE(layout.hasValue());
    CHECK(layout.error().code == ErrorCode::notFound);
}

TEST_CASE("the US layout types letters, digits and punctuation with and without shift") {
    struct Case {
        std::uint8_t usage;
        bool shift;
        bool caps;
        std::optional<char> expected;
    };
    const Case cases[] = {
        {0x04, false, false, 'a'},
        {0x04, true, false, 'A'},
        {0x1D, false, false, 'z'},
        {0x04, false, true, 'A'},
        {0x04, true, true, 'a'},
        {0x1E, false, false, '1'},
        {0x1E, true, false, '!'},
        {0x1E, false, true, '1'},
        {0x27, false, false, '0'},
        {0x27, true, false, ')'},
        {0x2C, false, false, ' '},
        {0x2D, true, false, '_'},
        {0x31, true, false, '|'},
        {0x33, true, false, ':'},
        {0x34, true, false, '"'},
        {0x35, false, false, '`'},
        {0x38, true, false, '?'},
        {0x37, false, false, '.'},
        {0x59, false, false, '1'},
        {0x62, false, false, '0'},
        {0x63, false, false, '.'},
        {0x54, false, false, '/'},
        {0x28, false, false, std::nullopt},
        {0x2B, false, false, std::nullopt},
        {0x29, false, false, std::nullopt},
        {0x3A, false, false, std::nullopt},
        {0xE1, false, false, std::nullopt},
    };
    for (const Case& c : cases) {
        INFO("usage " << static_cast<int>(c.usage) << " shift " << c.shift << " caps " << c.caps);
        CHECK(usKeyboardCharacter(c.usage, c.shift, c.caps) == c.expected);
    }
}

TEST_CASE("every printable ASCII character round-trips through the US layout") {
    for (char c = 0x20; c < 0x7F; ++c) {
        INFO("character " << c);
        const auto key = drivers::test::usKey(c);
        REQUIRE(key.has_value());
        CHECK(usKeyboardCharacter(key->first, key->second) == c);
    }
}
