// Tests for drivers/sim/sim_scanner.cpp: the simulated QR scanner.
#include "drivers/sim/sim_scanner.h"

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
