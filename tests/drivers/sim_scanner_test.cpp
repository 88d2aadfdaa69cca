// Tests for drivers/sim/sim_scanner.cpp: the simulated QR scanner.
#include "drivers/sim/sim_scanner.h"

#include "drivers/protocol/hid_barcode.h"

#include <catch2/catch.hpp>

#include <thread>

using namespace std::chrono_literals;
using namespace yimen;
using yimen::drivers::sim::SimScanner;

TEST_CASE("scanner hands out fed codes in the order they were scanned") {
    SimScanner scanner;
    scanner.feed("YM20240601-0001");
    scanner.feed("https://zwfw.example.gov.cn/r/YM20240601-0002");
    auto first = scanner.nextCode(0ms);
    REQUIRE(first.hasValue());
    CHECK(first->value() == "YM20240601-0001");
    CHECK(scanner.nextCode(0ms)->value() == "https://zwfw.example.gov.cn/r/YM20240601-0002");
}

TEST_CASE("scanner returns nothing when no code arrives before the timeout") {
    SimScanner scanner;
    auto none = scanner.nextCode(1ms);
    REQUIRE(none.hasValue());
    CHECK_FALSE(none->has_value());
}

TEST_CASE("a code fed from another thread wakes a waiting reader") {
    SimScanner scanner;
    std::thread feeder([&] { scanner.feed("YM20240601-0003"); });
    // The long timeout is only a bound: the call returns as soon as the code is there.
    auto code = scanner.nextCode(60s);
    feeder.join();
    REQUIRE(code.hasValue());
    REQUIRE(code->has_value());
    CHECK(**code == "YM20240601-0003");
}

TEST_CASE("scanner keeps only the most recent codes when nobody reads them") {
    SimScanner scanner;
    for (std::size_t i = 0; i < SimScanner::kMaxPendingCodes + 5; ++i)
        scanner.feed("code-" + std::to_string(i));
    CHECK(scanner.pendingCount() == SimScanner::kMaxPendingCodes);
    CHECK(scanner.nextCode(0ms)->value() == "code-5");
}

TEST_CASE("an empty scan is not a code") {
    SimScanner scanner;
    scanner.feed("");
    CHECK(scanner.pendingCount() == 0);
}

TEST_CASE("a scanner fault is reported to the reader until cleared") {
    SimScanner scanner;
    scanner.feed("kept");
    scanner.setFault(Error{ErrorCode::device, "scanner unplugged"});
    auto faulty = scanner.nextCode(60s);
    REQUIRE_FALSE(faulty.hasValue());
    CHECK(faulty.error().code == ErrorCode::device);
    scanner.setFault(std::nullopt);
    CHECK(scanner.nextCode(0ms)->value() == "kept");
}

TEST_CASE("a long code with Chinese text arrives whole through several HID POS reports") {
    SimScanner scanner;
    std::string code = "https://zwfw.example.gov.cn/r/YM00012612050001?事项=";
    for (int i = 0; i < 10; ++i) code += "居住证明";
    REQUIRE(code.size() > 2 * yimen::drivers::sim::kHidPosDataBytes);
    scanner.feed(code);
    auto read = scanner.nextCode(1s);
    REQUIRE(read.hasValue());
    REQUIRE(read->has_value());
    CHECK(**read == code);
}

TEST_CASE("the simulated scanner's reports are what the real HID POS decoder reads") {
    using namespace yimen::drivers;
    auto descriptor = protocol::parseHidReportDescriptor(sim::simHidPosReportDescriptor());
    REQUIRE(descriptor);
    auto layout = protocol::findBarcodeLayout(*descriptor);
    REQUIRE(layout);
    CHECK(layout->reportBytes == sim::kHidPosReportBytes);
    const std::string code(70, 'A');
    const auto reports = sim::hidPosReportsFor(code);
    REQUIRE(reports.size() == 2);
    auto first = protocol::decodeBarcodeReport(*layout, reports[0]);
    auto last = protocol::decodeBarcodeReport(*layout, reports[1]);
    REQUIRE(first);
    REQUIRE(last);
    CHECK((*first)->data == std::string(56, 'A'));
    CHECK((*first)->continued);
    CHECK((*first)->symbology == "]Q1");
    CHECK((*last)->data == std::string(14, 'A'));
    CHECK_FALSE((*last)->continued);
}
