// Tests of platform/query_throttle.cpp: failed lookups per receipt and per kiosk over a sliding window, on an
// injected clock.
#include "platform/query_throttle.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

using namespace yimen::platform;
using namespace std::chrono_literals;

namespace {

struct ManualClock {
    std::chrono::steady_clock::time_point now{std::chrono::hours(1000)};
    QueryThrottle::Clock clock() {
        return [this] { return now; };
    }
};

// A lookup that failed (wrong code or unknown receipt): admitted and not taken back.
bool failedLookup(QueryThrottle& throttle, const std::string& kiosk, const std::string& receipt) {
    return throttle.admit(kiosk, receipt).admitted;
}

// A lookup that found the application.
bool rightLookup(QueryThrottle& throttle, const std::string& kiosk, const std::string& receipt) {
    const QueryThrottle::Admission a = throttle.admit(kiosk, receipt);
    throttle.found(kiosk, receipt, a);
    return a.admitted;
}

}  // namespace

TEST_CASE("the sixth lookup of a receipt after five failures is refused, even with the right code",
          "[throttle]") {
    ManualClock time;
    QueryThrottle throttle(time.clock());
    for (int i = 0; i < kFailedLookupsPerReceipt; ++i) {
        REQUIRE(failedLookup(throttle, "kiosk-0001", "YM0001"));
        time.now += 1min;
    }
    const QueryThrottle::Admission refused = throttle.admit("kiosk-0001", "YM0001");
    CHECK_FALSE(refused.admitted);
    // The first failure was 5 minutes ago: it leaves the 15-minute window in 10 minutes.
    CHECK(refused.retryAfter == 10min);
    CHECK_FALSE(rightLookup(throttle, "kiosk-0001", "YM0001"));
    // From another kiosk too: the receipt is what is guessed.
    CHECK_FALSE(rightLookup(throttle, "kiosk-0002", "YM0001"));
    // Another receipt of the same kiosk still answers.
    CHECK(rightLookup(throttle, "kiosk-0001", "YM0002"));
}

TEST_CASE("a receipt answers again once its failures leave the window", "[throttle]") {
    ManualClock time;
    QueryThrottle throttle(time.clock());
    for (int i = 0; i < kFailedLookupsPerReceipt; ++i)
        REQUIRE(failedLookup(throttle, "kiosk-0001", "YM0001"));
    const QueryThrottle::Admission refused = throttle.admit("kiosk-0001", "YM0001");
    REQUIRE_FALSE(refused.admitted);
    CHECK(refused.retryAfter == kLookupWindow);
    time.now += refused.retryAfter - 1s;
    CHECK_FALSE(rightLookup(throttle, "kiosk-0001", "YM0001"));
    time.now += 1s;
    CHECK(rightLookup(throttle, "kiosk-0001", "YM0001"));
    // The window slides: failures spread over time are allowed at the rate of the limit.
    CHECK(throttle.trackedReceipts() == 0);
}

TEST_CASE("a right code answered before the limit does not reset the count", "[throttle]") {
    ManualClock time;
    QueryThrottle throttle(time.clock());
    for (int i = 0; i < kFailedLookupsPerReceipt - 1; ++i)
        REQUIRE(failedLookup(throttle, "kiosk-0001", "YM0001"));
    CHECK(rightLookup(throttle, "kiosk-0001", "YM0001"));
    CHECK(rightLookup(throttle, "kiosk-0001", "YM0001"));
    REQUIRE(failedLookup(throttle, "kiosk-0001", "YM0001"));
    CHECK_FALSE(throttle.admit("kiosk-0001", "YM0001").admitted);
}

TEST_CASE("lookups in flight count until they are found, so parallel guesses cannot pass the limit",
          "[throttle]") {
    ManualClock time;
    QueryThrottle throttle(time.clock());
    QueryThrottle::Admission inFlight[kFailedLookupsPerReceipt];
    for (auto& a : inFlight) {
        a = throttle.admit("kiosk-0001", "YM0001");
        REQUIRE(a.admitted);
    }
    CHECK_FALSE(throttle.admit("kiosk-0001", "YM0001").admitted);
    throttle.found("kiosk-0001", "YM0001", inFlight[0]);
    CHECK(throttle.admit("kiosk-0001", "YM0001").admitted);
}

TEST_CASE("guesses on many threads at once are admitted no more often than the limit", "[throttle]") {
    QueryThrottle throttle;  // the steady clock: all of this happens well within one window
    std::atomic<int> admitted{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i) {
                // Every other thread has the right code: found lookups never use up the limit.
                const QueryThrottle::Admission a = throttle.admit("kiosk-" + std::to_string(t), "YM0001");
                if (a.admitted && t % 2 == 0) {
                    throttle.found("kiosk-" + std::to_string(t), "YM0001", a);
                } else if (a.admitted) {
                    ++admitted;
                }
            }
        });
    for (std::thread& t : threads) t.join();
    CHECK(admitted == kFailedLookupsPerReceipt);
    CHECK_FALSE(throttle.admit("kiosk-9", "YM0001").admitted);
}

TEST_CASE("a kiosk with too many failed lookups of any receipts is refused for every receipt", "[throttle]") {
    ManualClock time;
    QueryThrottle throttle(time.clock());
    for (int i = 0; i < kFailedLookupsPerKiosk; ++i) {
        REQUIRE(failedLookup(throttle, "kiosk-0001", "YM" + std::to_string(100000 + i)));
        time.now += 10s;
    }
    const QueryThrottle::Admission refused = throttle.admit("kiosk-0001", "YM999999");
    CHECK_FALSE(refused.admitted);
    CHECK(refused.retryAfter == kLookupWindow - kFailedLookupsPerKiosk * 10s);
    CHECK(rightLookup(throttle, "kiosk-0002", "YM999999"));
    time.now += refused.retryAfter;
    CHECK(rightLookup(throttle, "kiosk-0001", "YM999999"));
}

TEST_CASE("a lookup with no receipt key counts against the kiosk only", "[throttle]") {
    ManualClock time;
    QueryThrottle throttle(time.clock());
    for (int i = 0; i < kFailedLookupsPerKiosk; ++i) REQUIRE(failedLookup(throttle, "kiosk-0001", ""));
    CHECK(throttle.trackedReceipts() == 0);
    CHECK(throttle.trackedKiosks() == 1);
    CHECK_FALSE(throttle.admit("kiosk-0001", "").admitted);
}

TEST_CASE("Retry-After is rounded up to whole seconds", "[throttle]") {
    ManualClock time;
    QueryThrottle throttle(time.clock());
    for (int i = 0; i < kFailedLookupsPerReceipt; ++i)
        REQUIRE(failedLookup(throttle, "kiosk-0001", "YM0001"));
    time.now += kLookupWindow - 1500ms;
    CHECK(throttle.admit("kiosk-0001", "YM0001").retryAfter == 2s);
    time.now += 1499ms;
    CHECK(throttle.admit("kiosk-0001", "YM0001").retryAfter == 1s);
}

TEST_CASE("the table stays bounded under 100,000 distinct receipt numbers", "[throttle]") {
    ManualClock time;
    QueryThrottle throttle(time.clock());
    // Each from its own kiosk, so the kiosk limit lets them all through and only the cap bounds the tables.
    for (int i = 0; i < 100000; ++i) {
        REQUIRE(failedLookup(throttle, "kiosk-" + std::to_string(i), "YM" + std::to_string(1000000 + i)));
        REQUIRE(throttle.trackedReceipts() <= kMaxTrackedReceipts);
        REQUIRE(throttle.trackedKiosks() <= kMaxTrackedKiosks);
    }
    CHECK(throttle.trackedReceipts() == kMaxTrackedReceipts);
    CHECK(throttle.trackedKiosks() == kMaxTrackedKiosks);

    // A receipt being guessed keeps its count through the flood: the cap forgets the oldest failures first.
    QueryThrottle guarded(time.clock());
    for (int i = 0; i < kFailedLookupsPerReceipt - 1; ++i)
        REQUIRE(failedLookup(guarded, "kiosk-a", "YM0001"));
    for (int i = 0; i < 3 * static_cast<int>(kMaxTrackedReceipts); ++i) {
        REQUIRE(failedLookup(guarded, "kiosk-" + std::to_string(i), "YM" + std::to_string(1000000 + i)));
        if (i % 1000 == 0)
            REQUIRE(failedLookup(guarded, "kiosk-a", "YM0001") == (i == 0));  // the fifth, then refused
    }
    CHECK_FALSE(guarded.admit("kiosk-b", "YM0001").admitted);

    // Once the window has passed, expired receipts are forgotten as new failures arrive.
    time.now += kLookupWindow;
    REQUIRE(failedLookup(throttle, "kiosk-x", "YM0002"));
    CHECK(throttle.trackedReceipts() == 1);
}
