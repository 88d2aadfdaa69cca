// The track journey through the real app: a code read by the scanner's thread, a lookup on the lookup thread,
// and a platform that is away.
#include <catch2/catch.hpp>

#include "app_fixture.h"
#include "drivers/sim/sim_scanner.h"
#include "kiosk/core/texts.h"

using namespace yimen;
using namespace yimen::kiosk;
using namespace yimen::kiosk::test;
using namespace std::chrono_literals;

TEST_CASE("a receipt scanned on Home while the platform is away says so and waits for another scan",
          "[app][track]") {
    AppFixture f;
    drivers::sim::SimScanner scanner;
    f.scanner = &scanner;
    f.open();

    scanner.feed(receiptQrPayload("YM00012611190001", "042137"));
    REQUIRE(f.until([](const SessionState& s) { return s.screen == Screen::trackScan; }));
    CHECK(f.app->state().trackMessage == texts::kTrackUnreachable);
    CHECK(f.app->state().trackQueryCode.empty());

    // The scanner still works: a code that is not ours is told apart at once.
    scanner.feed("WIFI:S:guest;;");
    REQUIRE(f.until([](const SessionState& s) { return s.trackMessage == texts::kNotOurCode; }));
    f.send(ev::Home{});
    CHECK(f.app->state().screen == Screen::home);
}

TEST_CASE("a kiosk without a scanner still looks receipts up by typing", "[app][track]") {
    AppFixture f;
    f.send(ev::StartTrack{});
    f.send(ev::TypeReceipt{});
    f.send(ev::Input{"00012611190001"});
    f.send(ev::Next{});
    f.send(ev::Input{"042137"});
    f.send(ev::Next{});
    REQUIRE(f.until(
        [](const SessionState& s) { return s.screen == Screen::trackEntry && !s.trackMessage.empty(); }));
    CHECK(f.app->state().trackMessage == texts::kTrackUnreachable);
    CHECK(f.app->state().trackEntry == TrackEntry::queryCode);
}

TEST_CASE("a camera used as the scanner is opened on the scan screen and closed when the citizen leaves it",
          "[app][track]") {
    AppFixture f;
    std::vector<bool> wants;
    f.wantScans = [&wants](bool wanted) { wants.push_back(wanted); };
    f.open();
    CHECK(wants.empty());  // closed on Home
    f.send(ev::StartTrack{});
    REQUIRE(wants == std::vector<bool>{true});
    f.send(ev::TypeReceipt{});
    CHECK(wants == std::vector<bool>{true, false});
    f.send(ev::Back{});
    f.send(ev::Home{});
    CHECK(wants == std::vector<bool>{true, false, true, false});
}
