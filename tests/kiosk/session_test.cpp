// Tests for kiosk/session: every transition of the apply journey, cancel from every screen, the idle timeout.
#include "kiosk/core/session.h"

#include <catch2/catch.hpp>

#include "session_fixture.h"

using namespace yimen;
using namespace yimen::kiosk;
using namespace yimen::kiosk::test;

TEST_CASE("the whole apply journey goes home to home and asks for the right things", "[session]") {
    Driver d;
    CHECK(d.screen() == Screen::home);
    d.walkTo(Screen::review);
    REQUIRE(d.screen() == Screen::review);
    CHECK(d.state().answers.at("name") == "韦秀英");
    CHECK(d.state().answers.at("idNumber") == "450102199001011231");
    CHECK(d.state().answers.at("phone") == "13800138000");
    CHECK(d.state().answers.at("level") == "300元");
    CHECK(d.state().answers.at("note").empty());

    d.send(ev::Submit{});
    REQUIRE(d.screen() == Screen::submitting);
    const auto* commit = d.last<fx::CommitApplication>();
    REQUIRE(commit);
    CHECK(commit->itemId == "pension");
    CHECK(commit->applicant.idNumber == "450102199001011231");
    CHECK(commit->answers.at("phone") == "13800138000");

    ReceiptInfo r;
    r.receiptNo = "YM00012611190001";
    r.queryCode = "042137";
    d.send(ev::ApplicationQueued{r});
    CHECK(d.screen() == Screen::submitting);  // waits for the platform a moment
    d.send(ev::DeliveryReported{ev::DeliveryReported::Result::delivered, r.receiptNo, ""});
    REQUIRE(d.screen() == Screen::receipt);
    CHECK(d.state().receipt->delivery == Delivery::delivered);
    REQUIRE(d.last<fx::PrintReceipt>());
    CHECK(d.last<fx::PrintReceipt>()->receipt.receiptNo == r.receiptNo);
    CHECK_FALSE(d.state().identity);  // committed: the card data is gone from the session
    CHECK(d.state().answers.empty());

    d.send(ev::PrintFinished{true, ""});
    CHECK(d.state().printState == PrintState::printed);
    d.send(ev::Next{});
    REQUIRE(d.screen() == Screen::rating);
    d.send(ev::Rate{5});
    CHECK(d.screen() == Screen::home);
    REQUIRE(d.last<fx::QueueRating>());
    CHECK(d.last<fx::QueueRating>()->receiptNo == r.receiptNo);
    CHECK(d.last<fx::QueueRating>()->level == 5);
    CHECK(d.state().notice == "感谢您的评价");
    CHECK(d.count<fx::LogBug>() == 0);
}

TEST_CASE("each transition of the table lands on the expected screen", "[session]") {
    struct Row {
        Screen from;
        Event event;
        Screen to;
    };
    const std::vector<Row> rows = {
        {Screen::home, ev::StartApply{}, Screen::catalog},
        {Screen::catalog, ev::SelectItem{"pension"}, Screen::item},
        {Screen::catalog, ev::SelectCategory{"civil"}, Screen::catalog},
        {Screen::catalog, ev::SearchInitials{"jz"}, Screen::catalog},
        {Screen::catalog, ev::PageNext{}, Screen::catalog},
        {Screen::catalog, ev::PagePrevious{}, Screen::catalog},
        {Screen::catalog, ev::Back{}, Screen::home},
        {Screen::item, ev::StartItem{}, Screen::identify},
        {Screen::item, ev::Back{}, Screen::catalog},
        {Screen::identify, ev::CardRead{sampleCard()}, Screen::form},
        {Screen::identify, ev::CardReadFailed{"读卡失败"}, Screen::identify},
        {Screen::identify, ev::Back{}, Screen::item},
        {Screen::form, ev::Next{}, Screen::form},
        {Screen::form, ev::Input{"x"}, Screen::form},
        {Screen::form, ev::Back{}, Screen::item},
        {Screen::review, ev::EditField{"phone"}, Screen::form},
        {Screen::review, ev::Submit{}, Screen::submitting},
        {Screen::review, ev::Back{}, Screen::form},
        {Screen::submitting, ev::ApplicationSaveFailed{"disk full"}, Screen::review},
        {Screen::receipt, ev::Next{}, Screen::rating},
        {Screen::receipt, ev::PrintFinished{false, "打印纸已用完"}, Screen::receipt},
        {Screen::rating, ev::Rate{3}, Screen::home},
        {Screen::rating, ev::SkipRating{}, Screen::home},
        {Screen::rating, ev::Back{}, Screen::receipt},
    };
    for (const auto& r : rows) {
        INFO(toString(r.from) << " + " << eventName(r.event));
        Driver d;
        d.walkTo(r.from);
        REQUIRE(d.screen() == r.from);
        d.send(r.event);
        CHECK(d.screen() == r.to);
        CHECK(d.count<fx::LogBug>() == 0);
    }
}

TEST_CASE("cancel from every screen returns home and wipes the citizen's data", "[session]") {
    for (Screen s : {Screen::catalog, Screen::item, Screen::identify, Screen::form, Screen::review,
                     Screen::receipt, Screen::rating}) {
        INFO(toString(s));
        Driver d;
        d.walkTo(s);
        REQUIRE(d.screen() == s);
        d.send(ev::Home{});
        CHECK(d.screen() == Screen::home);
        CHECK_FALSE(d.state().identity);
        CHECK(d.state().answers.empty());
        CHECK(d.state().draft.empty());
        CHECK_FALSE(d.state().receipt);
        CHECK(d.count<fx::WipePersonalData>() >= 1);
        if (s == Screen::identify)
            CHECK(d.count<fx::StopCardReading>() == 1);
    }
}

TEST_CASE("cancel while the application is being saved is refused so the receipt is not lost", "[session]") {
    Driver d;
    d.walkTo(Screen::submitting);
    d.send(ev::Home{});
    CHECK(d.screen() == Screen::submitting);
    CHECK(d.count<fx::LogBug>() == 0);
}

TEST_CASE("after a quiet minute a countdown appears, and continuing keeps everything", "[session][idle]") {
    Driver d;
    d.walkTo(Screen::form);
    d.advance(59'000);
    CHECK_FALSE(d.state().idleWarning);
    d.advance(1'000);
    REQUIRE(d.state().idleWarning);
    CHECK(d.state().idleWarning->secondsLeft == 30);
    d.advance(10'000);
    CHECK(d.state().idleWarning->secondsLeft == 20);
    d.send(ev::Input{"ignored while the dialog is up"});
    CHECK(d.state().draft == "韦秀英");
    d.send(ev::ExtendTime{});
    CHECK_FALSE(d.state().idleWarning);
    CHECK(d.screen() == Screen::form);
    CHECK(d.state().identity->name == "韦秀英");
    d.advance(59'000);
    CHECK_FALSE(d.state().idleWarning);  // the clock started again from the tap
}

TEST_CASE("a touch only the screen acts on (spelling, writing) keeps the session awake", "[session][idle]") {
    Driver d;
    d.walkTo(Screen::form);
    for (int i = 0; i < 5; ++i) {
        d.advance(50'000);
        CHECK(d.send(ev::Activity{}).empty());  // no effect but the time
    }
    CHECK_FALSE(d.state().idleWarning);
    CHECK(d.screen() == Screen::form);
    CHECK(d.count<fx::LogBug>() == 0);
    // Under the countdown it does not count: only the dialog's own buttons do.
    d.advance(60'000);
    REQUIRE(d.state().idleWarning);
    d.send(ev::Activity{});
    CHECK(d.state().idleWarning);
}

TEST_CASE("when the countdown runs out the session resets and no trace of the citizen remains",
          "[session][idle]") {
    Driver d;
    d.walkTo(Screen::review);
    d.advance(60'000);
    REQUIRE(d.state().idleWarning);
    d.advance(29'000);
    CHECK(d.screen() == Screen::review);
    d.advance(1'000);
    CHECK(d.screen() == Screen::home);
    CHECK_FALSE(d.state().idleWarning);
    CHECK_FALSE(d.state().identity);
    CHECK(d.state().answers.empty());
    CHECK(d.state().itemId.empty());
    CHECK(d.count<fx::WipePersonalData>() == 1);
    const auto* audit = d.last<fx::Audit>();
    REQUIRE(audit);
    CHECK(audit->detail == "idle timeout");
}

TEST_CASE("the idle countdown is configurable but never applies on home", "[session][idle]") {
    SessionConfig c;
    c.idleWarnAfterMs = 10'000;
    c.countdownMs = 20'000;
    Driver d(c);
    d.advance(600'000);
    CHECK_FALSE(d.state().idleWarning);
    d.walkTo(Screen::catalog);
    d.advance(10'000);
    REQUIRE(d.state().idleWarning);
    CHECK(d.state().idleWarning->secondsLeft == 20);
}

TEST_CASE("a pre-filled answer is shown for confirmation and can be changed", "[session][form]") {
    Driver d;
    d.walkTo(Screen::form);
    CHECK(d.state().draft == "韦秀英");
    CHECK(d.state().draftFromCard);
    d.send(ev::Input{"韦秀"});
    CHECK_FALSE(d.state().draftFromCard);
    d.send(ev::Next{});
    d.send(ev::Back{});
    CHECK(d.state().draft == "韦秀");  // what the citizen typed, not the card again
}

TEST_CASE("a wrong answer stays on its question with a message that says how to fix it", "[session][form]") {
    Driver d;
    d.walkTo(Screen::form);
    d.send(ev::Next{});
    d.send(ev::Next{});
    d.send(ev::Input{"1380013800"});
    d.send(ev::Next{});
    CHECK(d.screen() == Screen::form);
    REQUIRE(d.state().fieldError);
    CHECK(d.state().fieldError->fieldId == "phone");
    CHECK(d.state().fieldError->message == "手机号码应为11位数字，以1开头");
    REQUIRE(d.last<fx::Speak>());
    CHECK(d.last<fx::Speak>()->text == "手机号码应为11位数字，以1开头");
    d.send(ev::Input{"13800138000"});
    CHECK_FALSE(d.state().fieldError);
    d.send(ev::Next{});
    CHECK(d.state().currentField()->id == "level");

    d.send(ev::Input{"250元"});
    d.send(ev::Next{});
    REQUIRE(d.state().fieldError);
    CHECK(d.state().fieldError->message == "请从选项中选择缴费档次");
}

TEST_CASE("editing an answer from the review returns to the review", "[session][form]") {
    Driver d;
    d.walkTo(Screen::review);
    d.send(ev::EditField{"phone"});
    REQUIRE(d.screen() == Screen::form);
    CHECK(d.state().draft == "13800138000");
    d.send(ev::Input{"13900139000"});
    d.send(ev::Next{});
    CHECK(d.screen() == Screen::review);
    CHECK(d.state().answers.at("phone") == "13900139000");
}

TEST_CASE("a card with an impossible identity number or an expired card is refused", "[session][identify]") {
    Driver d;
    d.walkTo(Screen::identify);
    auto bad = sampleCard();
    bad.idNumber = "450102199001011232";
    d.send(ev::CardRead{bad});
    CHECK(d.screen() == Screen::identify);
    CHECK(d.state().identifyMessage == "身份证信息无法识别，请咨询工作人员");
    CHECK_FALSE(d.state().identity);

    auto expired = sampleCard();
    expired.validTo = "2020-01-01";
    d.send(ev::CardRead{expired});
    CHECK(d.screen() == Screen::identify);
    CHECK(d.state().identifyMessage == "身份证已过有效期，请到窗口办理");

    auto longTerm = sampleCard();
    longTerm.validTo = "长期";
    d.send(ev::CardRead{longTerm});
    CHECK(d.screen() == Screen::form);
}

TEST_CASE("the card reader runs only while the identify screen asks for a card", "[session][identify]") {
    Driver d;
    d.walkTo(Screen::item);
    CHECK(d.count<fx::StartCardReading>() == 0);
    d.send(ev::StartItem{});
    CHECK(d.count<fx::StartCardReading>() == 1);
    d.send(ev::CardRead{sampleCard()});
    CHECK(d.count<fx::StopCardReading>() == 1);
    // A late read after the screen moved on is ignored, not used.
    auto other = sampleCard();
    other.name = "别人";
    d.send(ev::CardRead{other});
    CHECK(d.state().identity->name == "韦秀英");
}

TEST_CASE("when the platform does not answer in time the receipt says it is queued", "[session][submit]") {
    Driver d;
    d.walkTo(Screen::submitting);
    ReceiptInfo r;
    r.receiptNo = "YM00012611190002";
    d.send(ev::ApplicationQueued{r});
    d.advance(7'000);
    CHECK(d.screen() == Screen::submitting);
    d.advance(1'000);
    REQUIRE(d.screen() == Screen::receipt);
    CHECK(d.state().receipt->delivery == Delivery::queued);
    CHECK(d.count<fx::PrintReceipt>() == 1);
    // Delivered later while the receipt is still on screen: the screen says so.
    d.send(ev::DeliveryReported{ev::DeliveryReported::Result::delivered, r.receiptNo, ""});
    CHECK(d.state().receipt->delivery == Delivery::delivered);
    CHECK(d.count<fx::PrintReceipt>() == 1);
}

TEST_CASE("a retrying delivery prints a queued receipt at once", "[session][submit]") {
    Driver d;
    d.walkTo(Screen::submitting);
    ReceiptInfo r;
    r.receiptNo = "YM00012611190003";
    d.send(ev::ApplicationQueued{r});
    d.send(ev::DeliveryReported{ev::DeliveryReported::Result::retrying, r.receiptNo, "connection refused"});
    REQUIRE(d.screen() == Screen::receipt);
    CHECK(d.state().receipt->delivery == Delivery::queued);
}

TEST_CASE("a submission the platform refuses returns to the review with its message", "[session][submit]") {
    Driver d;
    d.walkTo(Screen::submitting);
    ReceiptInfo r;
    r.receiptNo = "YM00012611190004";
    d.send(ev::ApplicationQueued{r});
    d.send(ev::DeliveryReported{ev::DeliveryReported::Result::failed, "OTHER", "x"});
    CHECK(d.screen() == Screen::submitting);  // someone else's report
    d.send(ev::DeliveryReported{ev::DeliveryReported::Result::failed, r.receiptNo, "联系电话格式不正确"});
    REQUIRE(d.screen() == Screen::review);
    CHECK(d.state().submitError == "提交未成功：联系电话格式不正确");
    CHECK(d.state().identity);  // the citizen can correct and submit again
    CHECK(d.count<fx::PrintReceipt>() == 0);
}

TEST_CASE("a failed print is shown on the receipt screen with the printer's reason", "[session][receipt]") {
    Driver d;
    d.walkTo(Screen::receipt);
    d.send(ev::PrintFinished{false, "打印纸已用完"});
    CHECK(d.state().printState == PrintState::failed);
    CHECK(d.state().printMessage == "回执未能打印：打印纸已用完");
}

TEST_CASE("the catalog filters by category and pinyin initials and pages six at a time",
          "[session][catalog]") {
    Driver d;
    d.walkTo(Screen::catalog);
    CHECK(d.state().filteredItems().size() == 7);
    CHECK(d.state().pageCount(6) == 2);
    CHECK(d.state().pageItems(6).size() == 6);
    d.send(ev::PageNext{});
    CHECK(d.state().page == 1);
    CHECK(d.state().pageItems(6).size() == 1);
    d.send(ev::PageNext{});
    CHECK(d.state().page == 1);  // no page after the last
    d.send(ev::SearchInitials{"jz"});
    REQUIRE(d.state().filteredItems().size() == 1);
    CHECK(d.state().filteredItems()[0]->id == "residence");
    CHECK(d.state().page == 0);
    d.send(ev::SelectCategory{"social"});
    CHECK(d.state().filteredItems().size() == 6);
}

TEST_CASE("with no catalog the kiosk says it is out of service instead of showing an empty list",
          "[session]") {
    Session s;
    s.handle(ev::Tick{kStartMs});
    s.handle(ev::StartApply{});
    CHECK(s.state().screen == Screen::unavailable);
    s.handle(ev::Back{});
    CHECK(s.state().screen == Screen::home);
}

TEST_CASE("a catalog that arrives mid-session applies only from home", "[session]") {
    Driver d;
    d.walkTo(Screen::form);
    auto newer = std::make_shared<Catalog>(*sampleCatalog());
    newer->version = "t2";
    d.send(ev::CatalogLoaded{newer});
    CHECK(d.state().catalog->version == "t1");
    d.send(ev::Home{});
    CHECK(d.state().catalog->version == "t2");
}

TEST_CASE("an event the current screen does not expect is reported as a bug and changes nothing",
          "[session]") {
    Driver d;
    d.send(ev::Submit{});
    CHECK(d.screen() == Screen::home);
    REQUIRE(d.last<fx::LogBug>());
    CHECK(d.last<fx::LogBug>()->message == "unhandled event Submit on screen home");
}

TEST_CASE("dates are computed in China Standard Time", "[session]") {
    CHECK(ymdAt(0, 0) == "19700101");
    CHECK(ymdAt(0, 480) == "19700101");
    CHECK(ymdAt(16 * 3600 * 1000LL, 480) == "19700102");  // 16:00 UTC is midnight in Beijing
    CHECK(ymdAt(1'709'164'800'000LL, 0) == "20240229");
}

TEST_CASE("a card reader that fails is announced at once, and its recovery clears the message",
          "[session][devices]") {
    Driver d;
    DeviceStatus broken;
    broken.state = DeviceStatus::State::absent;
    broken.reason = "unplugged";
    d.send(ev::DeviceHealthChanged{"cardReader", broken});
    d.walkTo(Screen::identify);
    CHECK(d.state().identifyMessage == "读卡器暂时无法使用，请联系工作人员");
    d.send(ev::DeviceHealthChanged{"cardReader", DeviceStatus{}});
    CHECK(d.state().identifyMessage.empty());
    d.send(ev::DeviceHealthChanged{"receiptPrinter", broken});
    CHECK(d.state().identifyMessage.empty());  // another device: the citizen can still identify
    CHECK_FALSE(d.state().deviceUsable("receiptPrinter"));
    CHECK(d.state().deviceUsable("scanner"));  // never reported: taken as working
    CHECK(d.count<fx::LogBug>() == 0);
}

TEST_CASE("the idle countdown runs on the monotonic clock, whatever the wall clock does", "[session][idle]") {
    Driver d;
    d.walkTo(Screen::review);
    const std::int64_t steady = d.now;
    const std::int64_t wallBack = d.now - 3'600'000;  // the wall clock was stepped back an hour
    const SessionConfig c;
    d.send(ev::Tick{wallBack + c.idleWarnAfterMs, steady + c.idleWarnAfterMs});
    REQUIRE(d.state().idleWarning);
    CHECK(d.screen() == Screen::review);
    d.send(
        ev::Tick{wallBack + c.idleWarnAfterMs + c.countdownMs, steady + c.idleWarnAfterMs + c.countdownMs});
    CHECK(d.screen() == Screen::home);
    CHECK_FALSE(d.state().identity);

    // A wall clock stepped forward a day does not cut a citizen short either.
    Driver e;
    e.walkTo(Screen::review);
    e.send(ev::Tick{e.now + 86'400'000, e.now + 1'000});
    CHECK_FALSE(e.state().idleWarning);
    CHECK(e.screen() == Screen::review);
}
