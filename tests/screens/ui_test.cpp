// Tests for screens/ui: touches and taps by id turn into the session's events; the UI-layer controls.
#include "screens/ui.h"

#include <catch2/catch.hpp>

#include "screens_fixture.h"

using namespace yimen;
using namespace yimen::kiosk;
using namespace yimen::screens;
using namespace yimen::screens::test;
using yimen::kiosk::test::Driver;

namespace {

template <typename E>
const E* eventAs(const std::optional<Event>& e) {
    return e ? std::get_if<E>(&*e) : nullptr;
}

std::optional<Event> tap(Ui& ui, const SessionState& s, const std::string& id) {
    ui.update(s);
    auto tapped = ui.tapId(id);
    INFO(id << ": " << (tapped ? std::string() : tapped.error().message));
    REQUIRE(tapped);
    return *tapped;
}

// Every touch target of the frame answers a touch at its centre (nothing covers it).
void everyTargetAnswersAtItsCentre(Ui& ui, const SessionState& s) {
    const Frame& f = ui.update(s);
    int targets = 0;
    for (const Widget& w : f.widgets) {
        if (!w.tappable())
            continue;
        ++targets;
        INFO(w.id);
        CHECK(f.hitTest(w.rect.centre()) == &w);
    }
    CHECK(targets > 0);
}

}  // namespace

TEST_CASE("tapping the centre of a widget emits its event", "[ui]") {
    Ui ui(portrait(), fonts());
    Driver d;
    const Frame& home = ui.update(d.state());
    const Widget* apply = home.find("home.apply");
    REQUIRE(apply);
    CHECK(eventAs<ev::StartApply>(ui.tapAt(apply->rect.centre())));
    d.send(ev::StartApply{});
    const Frame& catalog = ui.update(d.state());
    const Widget* first = catalog.find("catalog.item.0");
    REQUIRE(first);
    auto e = ui.tapAt(first->rect.centre());
    REQUIRE(eventAs<ev::SelectItem>(e));
    CHECK(eventAs<ev::SelectItem>(e)->itemId == "pension");
}

TEST_CASE("every touch target on every screen answers a touch at its centre", "[ui]") {
    for (const Theme& theme : {portrait(), landscape()}) {
        Ui ui(theme, fonts());
        Driver d;
        for (Screen s :
             {Screen::home, Screen::catalog, Screen::item, Screen::identify, Screen::form, Screen::review,
              Screen::submitting, Screen::receipt, Screen::rating, Screen::trackScan, Screen::trackEntry,
              Screen::trackWaiting, Screen::trackResult, Screen::rateLevel, Screen::rateReasons}) {
            Driver walk;
            walk.walkTo(s);
            if (s == Screen::submitting)
                continue;  // no buttons while the application is saved
            INFO(toString(s));
            everyTargetAnswersAtItsCentre(ui, walk.state());
        }
    }
}

TEST_CASE("a touch on nothing emits nothing", "[ui]") {
    Ui ui(portrait(), fonts());
    Driver d;
    ui.update(d.state());
    CHECK_FALSE(ui.tapAt({5, 5}));  // the header
}

TEST_CASE("tap by id of a widget not on the screen is an error naming it", "[ui]") {
    Ui ui(portrait(), fonts());
    Driver d;
    ui.update(d.state());
    auto tapped = ui.tapId("form.next");
    REQUIRE_FALSE(tapped);
    CHECK(tapped.error().code == ErrorCode::notFound);
    CHECK(tapped.error().message.find("form.next") != std::string::npos);
}

TEST_CASE("keypad keys carry the whole answer so far", "[ui]") {
    Ui ui(portrait(), fonts());
    Driver d;
    d.walkTo(Screen::form);
    d.send(ev::Next{});
    d.send(ev::Next{});
    REQUIRE(d.state().currentField()->type == FieldType::phone);
    for (const char* key : {"1", "3", "8"}) {
        auto e = tap(ui, d.state(), std::string("keypad.") + key);
        REQUIRE(eventAs<ev::Input>(e));
        d.send(*e);
    }
    CHECK(d.state().draft == "138");
    d.send(*tap(ui, d.state(), "keypad.delete"));
    CHECK(d.state().draft == "13");
    CHECK(ui.update(d.state()).find("form.value")->text == "13");
    d.send(*tap(ui, d.state(), "keypad.clear"));
    CHECK(d.state().draft.empty());
    CHECK_FALSE(ui.update(d.state()).find("keypad.X"));  // X is for ID numbers only
}

TEST_CASE("an answer the platform would refuse shows how to fix it under the answer", "[ui]") {
    Ui ui(portrait(), fonts());
    Driver d;
    d.walkTo(Screen::form);
    d.send(ev::Next{});
    d.send(ev::Next{});
    d.send(ev::Input{"1380013"});
    d.send(*tap(ui, d.state(), "form.next"));
    const Frame& f = ui.update(d.state());
    const Widget* error = f.find("form.error");
    REQUIRE(error);
    CHECK(error->text == d.state().fieldError->message);
    CHECK(error->rect.y > f.find("form.value")->rect.y);
}

TEST_CASE("a value read from the card is shown for confirmation, with 下一步 and no keypad", "[ui]") {
    Ui ui(portrait(), fonts());
    Driver d;
    d.walkTo(Screen::form);
    const Frame& f = ui.update(d.state());
    CHECK(f.find("form.value")->text == "韦秀英");
    CHECK(f.find("form.prefilled"));
    CHECK(f.find("form.next"));
    CHECK_FALSE(f.find("keypad.A"));
}

TEST_CASE("choice options set the answer and the chosen one is marked", "[ui]") {
    Ui ui(portrait(), fonts());
    Driver d;
    d.walkTo(Screen::form);
    d.send(ev::Next{});
    d.send(ev::Next{});
    d.send(ev::Input{"13800138000"});
    d.send(ev::Next{});
    auto e = tap(ui, d.state(), "form.option.1");
    REQUIRE(eventAs<ev::Input>(e));
    CHECK(eventAs<ev::Input>(e)->value == "300元");
    d.send(*e);
    const Frame& f = ui.update(d.state());
    CHECK(f.find("form.option.1")->selected);
    CHECK_FALSE(f.find("form.option.0")->selected);
}

TEST_CASE("the review lists every answer and 修改 opens its question", "[ui]") {
    Ui ui(portrait(), fonts());
    Driver d;
    d.walkTo(Screen::review);
    const Frame& f = ui.update(d.state());
    CHECK(f.find("review.value.phone")->text == "138 0013 8000");
    CHECK(f.find("review.value.level")->text == "300元");
    auto e = tap(ui, d.state(), "review.edit.phone");
    REQUIRE(eventAs<ev::EditField>(e));
    CHECK(eventAs<ev::EditField>(e)->fieldId == "phone");
    CHECK(eventAs<ev::Submit>(tap(ui, d.state(), "review.submit")));
}

TEST_CASE("the receipt shows the receipt number, the print state and a QR code of the query code", "[ui]") {
    Ui ui(portrait(), fonts());
    Driver d;
    d.walkTo(Screen::receipt);
    d.send(ev::PrintFinished{true, ""});
    const Frame& f = ui.update(d.state());
    CHECK(f.showsText("YM00012611190001"));
    CHECK(f.showsText("已打印回执"));
    const Widget* qr = f.find("receipt.qr");
    REQUIRE(qr);
    CHECK(qr->data.find("042137") != std::string::npos);
    CHECK(eventAs<ev::Next>(tap(ui, d.state(), "receipt.done")));

    d.send(ev::PrintFinished{false, "打印纸已用完"});
    CHECK(ui.update(d.state()).find("receipt.print")->text.find("打印纸已用完") != std::string::npos);
}

TEST_CASE("each rating face rates at its level and 跳过 skips", "[ui]") {
    Ui ui(portrait(), fonts());
    Driver d;
    d.walkTo(Screen::rating);
    for (int level = 1; level <= 5; ++level) {
        auto e = tap(ui, d.state(), "rating." + std::to_string(level));
        REQUIRE(eventAs<ev::Rate>(e));
        CHECK(eventAs<ev::Rate>(e)->level == level);
    }
    CHECK(eventAs<ev::SkipRating>(tap(ui, d.state(), "rating.skip")));
}

TEST_CASE("a tile not built yet says 暂未开通 for a moment and leaves the session alone", "[ui]") {
    Ui ui(portrait(), fonts());
    Driver d;
    for (const char* tile : {"home.print", "home.notices", "home.consult", "home.elder"}) {
        INFO(tile);
        // Only that the citizen is there: no step of any journey.
        CHECK(eventAs<ev::Activity>(tap(ui, d.state(), tile)));
        const Widget* toast = ui.update(d.state()).find("toast");
        REQUIRE(toast);
        CHECK(toast->text == "暂未开通");
    }
    CHECK(d.screen() == Screen::home);
    d.advance(ui.config().toastMs);
    CHECK_FALSE(ui.update(d.state()).find("toast"));
}

TEST_CASE("the initials keypad narrows the catalog by pinyin initials", "[ui]") {
    Ui ui(portrait(), fonts());
    Driver d;
    d.walkTo(Screen::catalog);
    CHECK_FALSE(ui.update(d.state()).find("initials.J"));
    CHECK(eventAs<ev::Activity>(tap(ui, d.state(), "catalog.search")));
    auto j = tap(ui, d.state(), "initials.J");
    REQUIRE(eventAs<ev::SearchInitials>(j));
    CHECK(eventAs<ev::SearchInitials>(j)->text == "J");
    d.send(*j);
    d.send(*tap(ui, d.state(), "initials.Z"));
    CHECK(d.state().searchInitials == "JZ");
    const Frame& f = ui.update(d.state());
    CHECK(f.find("catalog.item.0.name")->text == "居住证明");
    CHECK_FALSE(f.find("catalog.item.1"));
    auto closed = tap(ui, d.state(), "catalog.search.close");
    REQUIRE(eventAs<ev::SearchInitials>(closed));
    CHECK(eventAs<ev::SearchInitials>(closed)->text.empty());
}

TEST_CASE("categories and paging emit their events", "[ui]") {
    Ui ui(portrait(), fonts());
    Driver d;
    d.walkTo(Screen::catalog);
    auto e = tap(ui, d.state(), "catalog.category.civil");
    REQUIRE(eventAs<ev::SelectCategory>(e));
    CHECK(eventAs<ev::SelectCategory>(e)->id == "civil");
    CHECK(eventAs<ev::PageNext>(tap(ui, d.state(), "catalog.page.next")));
    CHECK(eventAs<ev::PagePrevious>(tap(ui, d.state(), "catalog.page.previous")));
    CHECK(ui.update(d.state()).find("catalog.page")->text == "第 1 / 2 页");
}

TEST_CASE("返回 and 首页 are on every screen where they make sense", "[ui]") {
    Ui ui(portrait(), fonts());
    for (Screen s : {Screen::catalog, Screen::item, Screen::identify, Screen::form, Screen::review}) {
        Driver d;
        d.walkTo(s);
        INFO(toString(s));
        CHECK(eventAs<ev::Back>(tap(ui, d.state(), "nav.back")));
        CHECK(eventAs<ev::Home>(tap(ui, d.state(), "nav.home")));
    }
    Driver submitting;
    submitting.walkTo(Screen::submitting);
    const Frame& f = ui.update(submitting.state());
    CHECK_FALSE(f.find("nav.back"));
    CHECK_FALSE(f.find("nav.home"));
}

TEST_CASE("typing on a keyboard goes into the answer, or into the catalog search", "[ui]") {
    Ui ui(portrait(), fonts());
    Driver d;
    d.walkTo(Screen::catalog);
    ui.update(d.state());
    CHECK(ui.acceptsTyping());
    auto s = ui.typeText("jz");
    REQUIRE(eventAs<ev::SearchInitials>(s));
    CHECK(eventAs<ev::SearchInitials>(s)->text == "JZ");

    d.walkTo(Screen::home);
    Driver f;
    f.walkTo(Screen::form);
    f.send(ev::Next{});
    f.send(ev::Next{});
    ui.update(f.state());
    auto typed = ui.typeText("138x");
    REQUIRE(eventAs<ev::Input>(typed));
    CHECK(eventAs<ev::Input>(typed)->value == "138");
    f.send(*typed);
    ui.update(f.state());
    auto back = ui.backspace();
    REQUIRE(eventAs<ev::Input>(back));
    CHECK(eventAs<ev::Input>(back)->value == "13");
}
