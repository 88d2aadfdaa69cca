// Tests for drivers/protocol/hid_barcode.cpp: the HID POS scanned-data report, found and decoded.
#include "drivers/protocol/hid_barcode.h"

#include <catch2/catch.hpp>

#include "tests/drivers/scanner/hid_vectors.h"
#include "tests/drivers/test_support.h"

using namespace yimen;
using namespace yimen::drivers::protocol;
using yimen::drivers::test::hexBytes;
using yimen::drivers::test::hidPosReport;

namespace {

BarcodeReportLayout layoutOf(const std::vector<std::uint8_t>& descriptor) {
    auto parsed = parseHidReportDescriptor(descriptor);
    REQUIRE(parsed.hasValue());
    auto layout = findBarcodeLayout(*parsed);
    REQUIRE(layout.hasValue());
    return *layout;
}

}  // namespace

TEST_CASE("the scanned-data report of a Honeywell-style descriptor is located") {
    const BarcodeReportLayout layout = layoutOf(drivers::test::kHidPosDescriptor);
    CHECK(layout.reportId == 2);
    CHECK(layout.byteCountBitOffset == 0u);
    CHECK(layout.symbologyBitOffset == 8u);
    CHECK(layout.dataBitOffset == 32);
    CHECK(layout.dataBytes == 56);
    CHECK(layout.continuedBitOffset == 496u);
    CHECK(layout.reportBytes == 64);
}

TEST_CASE("HID POS reports decode into data, symbology and the continuation flag") {
    const BarcodeReportLayout layout = layoutOf(drivers::test::kHidPosDescriptor);
    struct Case {
        const char* what;
        std::vector<std::uint8_t> report;
        BarcodeChunk expected;
    };
    std::vector<std::uint8_t> gb18030 = hidPosReport("\xC4\xE3\xBA\xC3", "]Q1");  // 你好 in GB18030
    const Case cases[] = {
        {"a receipt QR", hidPosReport("YMQ1|A0001|8842", "]Q0"), {"YMQ1|A0001|8842", "]Q0", false}},
        {"first of two",
         hidPosReport(std::string(56, 'x'), "]Q0", true),
         {std::string(56, 'x'), "]Q0", true}},
        {"no symbology", hidPosReport("12345", ""), {"12345", "", false}},
        {"raw bytes kept", gb18030, {"\xC4\xE3\xBA\xC3", "]Q1", false}},
        {"empty scan", hidPosReport("", ""), {"", "", false}},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        auto chunk = decodeBarcodeReport(layout, c.report);
        REQUIRE(chunk.hasValue());
        REQUIRE(chunk->has_value());
        CHECK(**chunk == c.expected);
    }
}

TEST_CASE("data bytes that are zero inside the byte count are kept") {
    const BarcodeReportLayout layout = layoutOf(drivers::test::kHidPosDescriptor);
    std::vector<std::uint8_t> report = hidPosReport(std::string("A\0B", 3));
    auto chunk = decodeBarcodeReport(layout, report);
    REQUIRE(chunk.hasValue());
    CHECK((*chunk)->data == std::string("A\0B", 3));
}

TEST_CASE("bad HID POS reports are refused, reports of other IDs are passed over") {
    const BarcodeReportLayout layout = layoutOf(drivers::test::kHidPosDescriptor);

    std::vector<std::uint8_t> overCount = hidPosReport("abc");
    overCount[1] = 57;
    auto over = decodeBarcodeReport(layout, overCount);
    REQUIRE_FALSE(over.hasValue());
    CHECK(over.error().message == "HID POS report claims 57 data bytes; it holds 56");

    auto shortReport = decodeBarcodeReport(layout, hexBytes("02 03 5D 51 30 41 42 43"));
    REQUIRE_FALSE(shortReport.hasValue());
    CHECK(shortReport.error().code == ErrorCode::invalidInput);

    auto other = decodeBarcodeReport(layout, hexBytes("04 00 01"));
    REQUIRE(other.hasValue());
    CHECK_FALSE(other->has_value());

    auto empty = decodeBarcodeReport(layout, {});
    REQUIRE(empty.hasValue());
    CHECK_FALSE(empty->has_value());
}

TEST_CASE("without a byte count the data ends at its zero padding") {
    const BarcodeReportLayout layout = layoutOf(drivers::test::kBareHidPosDescriptor);
    CHECK(layout.reportId == 0);
    CHECK(layout.dataBytes == 32);
    CHECK_FALSE(layout.byteCountBitOffset.has_value());
    CHECK_FALSE(layout.symbologyBitOffset.has_value());
    CHECK_FALSE(layout.continuedBitOffset.has_value());

    std::vector<std::uint8_t> report(32, 0);
    const std::string code = "6901234567892";
    std::copy(code.begin(), code.end(), report.begin());
    auto chunk = decodeBarcodeReport(layout, report);
    REQUIRE(chunk.hasValue());
    CHECK((*chunk)->data == code);
    CHECK_FALSE((*chunk)->continued);
}

TEST_CASE("a keyboard descriptor has no scanned-data report, and split data is refused") {
    auto keyboard = parseHidReportDescriptor(drivers::test::kBootKeyboardDescriptor);
    REQUIRE(keyboard.hasValue());
    auto none = findBarcodeLayout(*keyboard);
    REQUIRE_FALSE(none.hasValue());
    CHECK(none.error().code == ErrorCode::notFound);

    // Decoded data in 4-bit elements cannot be bytes.
    auto nibbles = parseHidReportDescriptor(hexBytes("05 8C 75 04 95 08 09 FE 81 02"));
    REQUIRE(nibbles.hasValue());
    auto refused = findBarcodeLayout(*nibbles);
    REQUIRE_FALSE(refused.hasValue());
    CHECK(refused.error().code == ErrorCode::invalidInput);
}

TEST_CASE("zero-bit decoded-data elements are no data report, and cost nothing to look at") {
    // Report Size 0, Report Count 32768, Usage Decoded Data: no bits, so no data.
    auto descriptor = parseHidReportDescriptor(hexBytes("05 8C 75 00 96 00 80 09 FE 81 02"));
    REQUIRE(descriptor.hasValue());
    auto layout = findBarcodeLayout(*descriptor);
    REQUIRE_FALSE(layout.hasValue());
    CHECK(layout.error().code == ErrorCode::notFound);
}

TEST_CASE("decoded data declared as a usage range is found") {
    // Usage Minimum FE, Usage Maximum FE, 16 bytes: every element is Decoded Data.
    auto descriptor =
        parseHidReportDescriptor(hexBytes("05 8C 15 00 26 FF 00 75 08 95 10 19 FE 29 FE 81 02"));
    REQUIRE(descriptor.hasValue());
    auto layout = findBarcodeLayout(*descriptor);
    REQUIRE(layout.hasValue());
    CHECK(layout->dataBytes == 16);
}
