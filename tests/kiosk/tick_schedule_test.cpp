// Tests for kiosk/tick_schedule: the session ticks every 250 ms at the screen and once a minute on Home.
#include "kiosk/tick_schedule.h"

#include <catch2/catch.hpp>

using namespace yimen::kiosk;

namespace {
constexpr std::int64_t kWall = 1'699'999'980'000;  // 2023-11-14 22:13:00 UTC, on a minute boundary
}

TEST_CASE("the first tick is due at once, and after a reset", "[ticks]") {
    TickSchedule t;
    CHECK(t.untilDue(true, 0, kWall) == 0);
    t.ticked(0, kWall);
    CHECK(t.untilDue(false, 0, kWall) == 250);
    t.reset();
    CHECK(t.untilDue(false, 0, kWall) == 0);
}

TEST_CASE("at the screen the session ticks every 250 ms", "[ticks]") {
    TickSchedule t;
    t.ticked(1000, kWall);
    CHECK(t.untilDue(false, 1100, kWall + 100) == 150);
    CHECK(t.untilDue(false, 1250, kWall + 250) == 0);
    CHECK(t.untilDue(false, 9000, kWall + 8000) == 0);
}

TEST_CASE("an idle Home ticks only when the shown minute turns", "[ticks]") {
    TickSchedule t;
    t.ticked(1000, kWall + 20'000);
    CHECK(t.untilDue(true, 1000, kWall + 20'000) == 40'000);
    CHECK(t.untilDue(true, 40'999, kWall + 59'999) == 1);
    CHECK(t.untilDue(true, 41'005, kWall + 60'005) == 0);  // a loop that wakes late still ticks
    t.ticked(41'005, kWall + 60'005);
    CHECK(t.untilDue(true, 41'005, kWall + 60'005) == 59'995);
}

TEST_CASE("a tick asked for by a screen comes by then, even on Home, and is forgotten once it came",
          "[ticks]") {
    TickSchedule t;
    t.ticked(0, kWall);
    t.tickBy(kWall + 3000);
    CHECK(t.untilDue(true, 0, kWall) == 3000);
    t.ticked(1000, kWall + 1000);  // an earlier tick (before an event) keeps the request
    CHECK(t.untilDue(true, 1000, kWall + 1000) == 2000);
    t.ticked(3000, kWall + 3000);
    CHECK(t.untilDue(true, 3000, kWall + 3000) == 57'000);
}

TEST_CASE("an event meets a clock at most 250 ms old", "[ticks]") {
    TickSchedule t;
    CHECK(t.stale(0));
    t.ticked(1000, kWall);
    CHECK_FALSE(t.stale(1249));
    CHECK(t.stale(1250));
}
