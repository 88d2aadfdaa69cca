// The idle timeout at the UI level: the countdown dialog, 继续办理, and nothing of the citizen left on
// screen.
#include <catch2/catch.hpp>

#include "screens/headless_display.h"
#include "screens_fixture.h"

using namespace yimen;
using namespace yimen::kiosk;
using namespace yimen::screens;
using namespace yimen::screens::test;
using yimen::kiosk::test::Driver;

TEST_CASE("the idle warning is a dialog with the seconds left that blocks the screen under it", "[idle]") {
    Ui ui(portrait(), fonts());
    Driver d;
    d.walkTo(Screen::form);
    d.advance(SessionConfig{}.idleWarnAfterMs);
    REQUIRE(d.state().idleWarning);
    const Frame& f = ui.update(d.state());
    REQUIRE(f.find("dialog.extend"));
    CHECK(f.find("dialog.countdown")->text == "30 秒后自动回到首页");
    // What is under the dialog does not answer.
    const Widget* next = f.find("form.next");
    REQUIRE(next);
    CHECK_FALSE(ui.tapAt(next->rect.centre()));
    auto covered = ui.tapId("form.next");
    REQUIRE_FALSE(covered);
    CHECK(covered.error().code == ErrorCode::conflict);

    d.advance(10'000);
    CHECK(ui.update(d.state()).find("dialog.countdown")->text == "20 秒后自动回到首页");
}

TEST_CASE("继续办理 closes the dialog and the citizen carries on where they were", "[idle]") {
    Ui ui(portrait(), fonts());
    Driver d;
    d.walkTo(Screen::form);
    d.advance(SessionConfig{}.idleWarnAfterMs);
    ui.update(d.state());
    auto extend = ui.tapId("dialog.extend");
    REQUIRE(extend);
    REQUIRE(*extend);
    CHECK(std::holds_alternative<ev::ExtendTime>(**extend));
    d.send(**extend);
    const Frame& f = ui.update(d.state());
    CHECK_FALSE(f.find("dialog.extend"));
    CHECK(d.screen() == Screen::form);
    CHECK(f.find("form.value")->text == "韦秀英");
}

TEST_CASE("after the timeout Home shows and the citizen's name and ID number are nowhere", "[idle]") {
    Ui ui(portrait(), fonts());
    auto display = HeadlessDisplay::create(ui.theme(), fonts());
    REQUIRE(display);
    Driver d;
    d.walkTo(Screen::form);
    const std::string name = kiosk::test::sampleCard().name;
    const std::string idNumber = kiosk::test::sampleCard().idNumber;
    (*display)->draw(ui.update(d.state()));
    REQUIRE(ui.frame().showsText(name));
    d.send(ev::Next{});
    (*display)->draw(ui.update(d.state()));
    REQUIRE(ui.frame().showsText("450102 19900101 1231"));
    CHECK((*display)->painter().textCache().size() > 0);

    d.advance(SessionConfig{}.idleWarnAfterMs);
    d.advance(SessionConfig{}.countdownMs);
    REQUIRE(d.screen() == Screen::home);
    const Frame& home = ui.update(d.state());
    for (const std::string& secret :
         {name, idNumber, std::string("450102 19900101 1231"), std::string("1231")}) {
        INFO(secret);
        CHECK_FALSE(home.showsText(secret));
    }
    CHECK_FALSE(d.state().identity);
    CHECK(d.state().answers.empty());
    CHECK(d.state().draft.empty());
    // The session's end tells the painter to drop every texture that showed the citizen's data.
    REQUIRE(ui.takeSessionEnd());
    (*display)->painter().forgetText();
    CHECK((*display)->painter().textCache().size() == 0);
    CHECK_FALSE(ui.takeSessionEnd());
}
