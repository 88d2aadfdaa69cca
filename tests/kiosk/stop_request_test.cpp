// Tests for kiosk/stop_request: a stop signal wakes the loop that waits for it, without a timer.
#include "kiosk/stop_request.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <thread>

using namespace yimen::kiosk;
using namespace std::chrono_literals;

namespace {

// Waits up to 5 s for `done`: a stop that is not woken would wait for the next tick (a minute on Home).
template <class Done>
bool within5s(Done done) {
    for (int i = 0; i < 1000 && !done(); ++i) std::this_thread::sleep_for(5ms);
    return done();
}

}  // namespace

TEST_CASE("a stop request wakes the loop's waker, and a waker set later is woken at once", "[kiosk]") {
    StopRequest stop;
    int wakes = 0;
    stop.setWaker([&] { ++wakes; });
    CHECK_FALSE(stop.requested());
    stop.request();
    CHECK(stop.requested());
    CHECK(wakes == 1);

    int lateWakes = 0;
    stop.setWaker([&] { ++lateWakes; });  // the loop opened its window after the signal came
    CHECK(lateWakes == 1);
}

TEST_CASE("SIGTERM and SIGINT request the stop and wake the loop", "[kiosk]") {
    for (const int signal : {SIGTERM, SIGINT}) {
        StopRequest stop;
        std::atomic<int> wakes{0};
        stop.setWaker([&] { ++wakes; });
        auto signals = StopSignals::install(stop);
        REQUIRE(signals);
        CHECK_FALSE(stop.requested());
        REQUIRE(std::raise(signal) == 0);  // the process lives on: the handler only writes to a pipe
        CHECK(within5s([&] { return stop.requested() && wakes.load() == 1; }));
    }
}

TEST_CASE("only one watcher of the stop signals lives at a time, and a new one may follow it", "[kiosk]") {
    StopRequest first;
    StopRequest second;
    {
        auto watching = StopSignals::install(first);
        REQUIRE(watching);
        auto again = StopSignals::install(second);
        REQUIRE_FALSE(again);
        CHECK(again.error().code == yimen::ErrorCode::conflict);
    }
    auto after = StopSignals::install(second);
    REQUIRE(after);
    REQUIRE(std::raise(SIGTERM) == 0);
    CHECK(within5s([&] { return second.requested(); }));
    CHECK_FALSE(first.requested());
}
