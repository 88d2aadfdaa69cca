// Tests for what the app's executors keep of a citizen: nothing, once the session is over.
#include <catch2/catch.hpp>

#include "app_fixture.h"

using namespace yimen::kiosk;
using namespace yimen::kiosk::test;
using namespace std::chrono_literals;

TEST_CASE("after the session ends no executor holds the commit or the receipt, and the printer forgot it",
          "[app][privacy]") {
    AppFixture f;
    f.walkToReview();
    f.send(ev::Submit{});
    REQUIRE(f.until([](const SessionState& s) { return s.printState == PrintState::printed; }, 10s));
    REQUIRE(f.printer.keptCount() == 1);  // the driver keeps the job while the citizen may ask again

    f.send(ev::Next{});
    f.send(ev::SkipRating{});
    REQUIRE(f.app->state().screen == Screen::home);
    REQUIRE(f.app->flushStore(10s));
    REQUIRE(f.until([&](const SessionState&) { return f.printer.keptCount() == 0; }, 5s));

    const App::Held held = f.app->held();
    CHECK(held.commits == 0);
    CHECK(held.receipts == 0);
    CHECK(held.commitsWiped == 1);  // the commit's applicant and answers were overwritten after use
}
