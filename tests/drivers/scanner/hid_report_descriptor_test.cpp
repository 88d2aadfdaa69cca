// Tests for drivers/protocol/hid_report_descriptor.cpp: fields, report sizes and refused descriptors.
#include "drivers/protocol/hid_report_descriptor.h"

#include <catch2/catch.hpp>

#include "tests/drivers/scanner/hid_vectors.h"
#include "tests/drivers/test_support.h"

using namespace yimen;
using namespace yimen::drivers::protocol;
using yimen::drivers::test::hexBytes;

TEST_CASE("the boot keyboard descriptor gives modifiers, a reserved byte, LEDs and six key slots") {
    auto d = parseHidReportDescriptor(drivers::test::kBootKeyboardDescriptor);
    REQUIRE(d.hasValue());
    CHECK_FALSE(d->usesReportIds);
    CHECK(d->hasApplication(hidUsage(0x01, 0x06)));
    REQUIRE(d->fields.size() == 5);

    const HidField& modifiers = d->fields[0];
    CHECK(modifiers.type == HidReportType::input);
    CHECK(modifiers.isVariable());
    CHECK(modifiers.bitOffset == 0);
    CHECK(modifiers.size == 1);
    CHECK(modifiers.count == 8);
    CHECK(modifiers.usageOfElement(0) == hidUsage(0x07, 0xE0));
    CHECK(modifiers.usageOfElement(7) == hidUsage(0x07, 0xE7));

    CHECK(d->fields[1].isConstant());
    CHECK(d->fields[2].type == HidReportType::output);  // the LEDs have their own bit count
    CHECK(d->fields[2].bitOffset == 0);

    const HidField& keys = d->fields[4];
    CHECK_FALSE(keys.isVariable());
    CHECK(keys.bitOffset == 16);
    CHECK(keys.count == 6);
    CHECK(keys.usageOfArrayValue(0x04) == hidUsage(0x07, 0x04));
    CHECK_FALSE(keys.usageOfArrayValue(0x66).has_value());  // past Logical Maximum 0x65

    CHECK(d->reportBytes(HidReportType::input, 0) == 8);
    CHECK(d->reportBytes(HidReportType::output, 0) == 1);
    CHECK(d->reportBytes(HidReportType::feature, 0) == 0);
}

TEST_CASE("report IDs keep separate bit counts and add their byte to the report size") {
    auto d = parseHidReportDescriptor(drivers::test::kReportIdKeyboardDescriptor);
    REQUIRE(d.hasValue());
    CHECK(d->usesReportIds);
    CHECK(d->reportBytes(HidReportType::input, 1) == 8);  // ID + modifiers + 6 keys
    CHECK(d->reportBytes(HidReportType::input, 2) == 3);  // ID + one 16-bit usage
    const HidField& keys = d->fields[1];
    CHECK(keys.reportId == 1);
    CHECK(keys.bitOffset == 8);
    // "Logical Maximum (-1)" in one byte after a minimum of 0 reads as 255.
    CHECK(keys.logicalMaximum == 255);
    CHECK(d->fields[2].reportId == 2);
    CHECK(d->fields[2].bitOffset == 0);
}

TEST_CASE("a HID POS descriptor places byte count, symbology, 56 data bytes and the continuation bit") {
    auto d = parseHidReportDescriptor(drivers::test::kHidPosDescriptor);
    REQUIRE(d.hasValue());
    CHECK(d->hasApplication(hidUsage(0x8C, 0x02)));
    CHECK(d->reportBytes(HidReportType::input, 2) == 64);
    const HidField& data = d->fields[2];
    CHECK(data.flags == 0x0102);  // Data, Variable, Buffered Bytes
    CHECK(data.bitOffset == 32);
    CHECK(data.count == 56);
    CHECK(data.usageOfElement(55) == hidUsage(0x8C, 0xFE));  // the last usage repeats
    // A 2-byte Usage Page item (0xFF66) is a vendor page.
    CHECK(d->fields[3].usageOfElement(0) == hidUsage(0xFF66, 0x04));
    CHECK(d->fields[4].bitOffset == 496);
}

TEST_CASE("push and pop restore the global state and long items are skipped") {
    // Usage Page 0x8C, Report Size 8, Report Count 2, Push, Report Count 5, Pop, Usage FE, Input;
    // a long item in between.
    auto d = parseHidReportDescriptor(hexBytes("05 8C 75 08 95 02 A4 95 05 B4 FE 02 10 AA BB 09 FE 81 02"));
    REQUIRE(d.hasValue());
    REQUIRE(d->fields.size() == 1);
    CHECK(d->fields[0].count == 2);
    CHECK(d->fields[0].usageOfElement(0) == hidUsage(0x8C, 0xFE));
}

TEST_CASE("a 4-byte usage carries its own page") {
    auto d = parseHidReportDescriptor(hexBytes("05 01 0B FE 00 8C 00 75 08 95 01 81 02"));
    REQUIRE(d.hasValue());
    CHECK(d->fields[0].usageOfElement(0) == hidUsage(0x8C, 0xFE));
}

TEST_CASE("malformed descriptors are refused with the offset of the bad item") {
    struct Case {
        const char* what;
        const char* hex;
        const char* message;
    };
    const Case cases[] = {
        {"truncated item", "05 01 09", "HID report descriptor byte 2: truncated item"},
        {"truncated long item", "FE 05 10 01", "HID report descriptor byte 0: truncated long item"},
        {"end without collection", "C0", "HID report descriptor byte 0: End Collection without Collection"},
        {"pop without push", "B4", "HID report descriptor byte 0: Pop without Push"},
        {"report ID 0", "85 00", "HID report descriptor byte 0: report ID 0 is outside 1..255"},
        {"collection left open", "A1 01", "HID report descriptor ends with 1 collection(s) open"},
        {"report too long", "75 08 96 00 20 81 02",
         "HID report descriptor byte 5: report 0 is longer than 4096 bytes"},
        {"count past any report", "75 00 97 00 00 01 00 09 FE 81 02",
         "HID report descriptor byte 9: Report Count 65536 is larger than 32768"},
        {"huge report size", "77 FF FF FF FF 95 02 81 02",
         "HID report descriptor byte 7: report 0 is longer than 4096 bytes"},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        auto d = parseHidReportDescriptor(hexBytes(c.hex));
        REQUIRE_FALSE(d.hasValue());
        CHECK(d.error().code == ErrorCode::invalidInput);
        CHECK(d.error().message == c.message);
    }
}

TEST_CASE("a descriptor longer than the bound and nesting deeper than the bound are refused") {
    std::vector<std::uint8_t> tooLong(kMaxHidDescriptorBytes + 1, 0x00);
    CHECK_FALSE(parseHidReportDescriptor(tooLong).hasValue());

    std::vector<std::uint8_t> deep;
    for (std::size_t i = 0; i <= kMaxHidNesting; ++i) {
        deep.insert(deep.end(), {0xA1, 0x02});
    }
    auto d = parseHidReportDescriptor(deep);
    REQUIRE_FALSE(d.hasValue());
    CHECK(d.error().message.find("nested deeper") != std::string::npos);
}

TEST_CASE("bits are read least significant first across byte boundaries") {
    const std::vector<std::uint8_t> payload = {0xA5, 0x3C};
    CHECK(readHidBits(payload, 0, 8) == 0xA5u);
    CHECK(readHidBits(payload, 4, 8) == 0xCAu);
    CHECK(readHidBits(payload, 15, 1) == 0u);
    CHECK(readHidBits(payload, 13, 1) == 1u);
    CHECK_FALSE(readHidBits(payload, 9, 8).has_value());
    CHECK_FALSE(readHidBits(payload, 0, 0).has_value());
    CHECK_FALSE(readHidBits(payload, 0, 33).has_value());
}
