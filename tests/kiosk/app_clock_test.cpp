// Tests for the app's clocks: every delay on the monotonic clock, the wall clock only for what is shown.
#include <catch2/catch.hpp>

#include "app_fixture.h"

using namespace yimen::kiosk;
using namespace yimen::kiosk::test;
using namespace std::chrono_literals;

TEST_CASE("a wall clock stepped back an hour on the review does not hold off the countdown or the wipe",
          "[app][idle]") {
    AppFixture f;
    f.walkToReview();
    REQUIRE(f.app->state().identity);

    // The wall clock jumps back an hour (an NTP correction, a technician setting the time).
    const std::int64_t steppedBack = std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count() -
                                     3'600'000;
    f.app->setWallClock([steppedBack] { return steppedBack; });

    f.app->advanceClock(std::chrono::milliseconds(f.config.session.idleWarnAfterMs));
    REQUIRE(f.until([](const SessionState& s) { return s.idleWarning.has_value(); }, 5s));
    CHECK(f.app->state().screen == Screen::review);

    f.app->advanceClock(std::chrono::milliseconds(f.config.session.countdownMs));
    REQUIRE(f.until([](const SessionState& s) { return s.screen == Screen::home; }, 5s));
    CHECK_FALSE(f.app->state().identity);
    CHECK(f.app->state().answers.empty());
}
