// The layout audit over every screen of the apply journey, in portrait and landscape, with the real font.
#include "screens/layout_audit.h"

#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "screens_fixture.h"

using namespace yimen;
using namespace yimen::kiosk;
using namespace yimen::screens;
using namespace yimen::screens::test;
using yimen::kiosk::test::Driver;

namespace {

// Builds the frame of a state in both orientations and audits it.
struct Auditor {
    Ui portraitUi{portrait(), fonts()};
    Ui landscapeUi{landscape(), fonts()};
    int frames = 0;

    void check(const SessionState& s, const std::string& what) {
        for (Ui* ui : {&portraitUi, &landscapeUi}) {
            const Frame& f = ui->update(s);
            const std::string problems = problemsOf(f, ui->theme());
            INFO(what << " in " << (ui->theme().landscape() ? "landscape" : "portrait") << ":\n" << problems);
            CHECK(problems.empty());
            ++frames;
        }
    }
    // Taps a UI-layer control (no session event) in both orientations.
    void tapUi(const SessionState& s, const std::string& id) {
        for (Ui* ui : {&portraitUi, &landscapeUi}) {
            ui->update(s);
            auto tapped = ui->tapId(id);
            INFO(id);
            REQUIRE(tapped);
        }
    }
};

ReceiptInfo sampleReceipt() {
    ReceiptInfo r;
    r.receiptNo = "YM00012611190001";
    r.queryCode = "042137";
    r.itemName = "城乡居民基本养老保险参保登记";
    r.department = "县人力资源和社会保障局";
    r.timeLimitDays = 5;
    r.maskedIdNumber = "4501**********1231";
    r.issuedAt = "2026-11-19 10:30";
    return r;
}

}  // namespace

TEST_CASE("every screen of the journey passes the layout audit in both orientations", "[layout_audit]") {
    Auditor a;
    Driver d;
    a.check(d.state(), "home");
    d.send(ev::StartApply{});
    a.check(d.state(), "catalog");
    a.tapUi(d.state(), "catalog.search");
    a.check(d.state(), "catalog with the initials keypad");
    d.send(ev::SearchInitials{"SX"});
    a.check(d.state(), "catalog searching SX");
    d.send(ev::SearchInitials{"QQQ"});
    a.check(d.state(), "catalog with nothing found");
    d.send(ev::SearchInitials{""});
    a.tapUi(d.state(), "catalog.search.close");
    d.send(ev::SelectCategory{"civil"});
    a.check(d.state(), "catalog of one category");
    d.send(ev::SelectCategory{""});
    d.send(ev::PageNext{});
    a.check(d.state(), "catalog page 2");
    d.send(ev::SelectItem{"pension"});
    a.check(d.state(), "item");
    d.send(ev::StartItem{});
    a.check(d.state(), "identify");
    d.send(ev::CardReadFailed{"没有读到身份证，请重新放好"});
    a.check(d.state(), "identify after a failed read");
    d.send(ev::CardRead{kiosk::test::sampleCard()});
    a.check(d.state(), "form: name from the card");
    d.send(ev::Next{});
    a.check(d.state(), "form: ID number from the card");
    d.send(ev::Next{});
    a.check(d.state(), "form: phone, empty");
    d.send(ev::Input{"1380013"});
    d.send(ev::Next{});
    REQUIRE(d.state().fieldError);
    a.check(d.state(), "form: phone with its error");
    d.send(ev::Input{"13800138000"});
    d.send(ev::Next{});
    a.check(d.state(), "form: choice");
    d.send(ev::Input{"300元"});
    a.check(d.state(), "form: choice made");
    d.send(ev::Next{});
    a.check(d.state(), "form: optional text");
    d.send(ev::Next{});
    REQUIRE(d.screen() == Screen::review);
    a.check(d.state(), "review");
    d.advance(61'000);
    REQUIRE(d.state().idleWarning);
    a.check(d.state(), "review under the idle dialog");
    d.send(ev::ExtendTime{});
    d.send(ev::Submit{});
    a.check(d.state(), "submitting");
    d.send(ev::ApplicationSaveFailed{"disk full"});
    REQUIRE_FALSE(d.state().submitError.empty());
    a.check(d.state(), "review after the save failed");
    d.send(ev::Submit{});
    d.send(ev::ApplicationQueued{sampleReceipt()});
    d.advance(SessionConfig{}.submitWaitMs);
    REQUIRE(d.screen() == Screen::receipt);
    a.check(d.state(), "receipt queued, printing");
    d.send(ev::PrintFinished{false, "打印纸已用完，请联系工作人员更换打印纸"});
    a.check(d.state(), "receipt, print failed");
    d.send(ev::PrintFinished{true, ""});
    d.send(ev::DeliveryReported{ev::DeliveryReported::Result::delivered, "YM00012611190001", ""});
    a.check(d.state(), "receipt delivered and printed");
    d.send(ev::Next{});
    a.check(d.state(), "rating");
    d.send(ev::Rate{4});
    a.check(d.state(), "home with the thanks");
    a.tapUi(d.state(), "home.consult");
    a.check(d.state(), "home with a toast");

    Driver residence;
    residence.walkTo(Screen::catalog);
    residence.send(ev::SelectItem{"residence"});
    residence.send(ev::StartItem{});
    residence.send(ev::CardRead{kiosk::test::sampleCard()});
    a.check(residence.state(), "form: address from the card");

    Session noCatalog;
    noCatalog.handle(ev::Tick{kiosk::test::kStartMs});
    noCatalog.handle(ev::StartApply{});
    REQUIRE(noCatalog.state().screen == Screen::unavailable);
    a.check(noCatalog.state(), "out of service");
    CHECK(a.frames >= 50);
}

TEST_CASE("every screen of the track journey passes the layout audit in both orientations",
          "[layout_audit]") {
    Auditor a;
    Driver d;
    d.send(ev::StartTrack{});
    a.check(d.state(), "track: scan");
    d.send(ev::Scanned{"https://example.com/not-ours"});
    REQUIRE_FALSE(d.state().trackMessage.empty());
    a.check(d.state(), "track: scan, a code that is not ours");
    d.send(ev::TypeReceipt{});
    a.check(d.state(), "track: receipt number, empty");
    d.send(ev::Input{"0001261119"});
    d.send(ev::Next{});
    a.check(d.state(), "track: receipt number, too short");
    d.send(ev::Input{"00012611190001"});
    d.send(ev::Next{});
    a.check(d.state(), "track: query code");
    d.send(ev::Input{"042137"});
    d.send(ev::Next{});
    a.check(d.state(), "track: waiting");
    ev::LookupAnswered wrong;
    wrong.lookupId = d.state().lookupId;
    wrong.result = ev::LookupAnswered::Result::throttled;
    wrong.message = "查询次数过多，请15分钟后再试";
    d.send(wrong);
    a.check(d.state(), "track: query code after too many tries");
    d.send(ev::Input{"042137"});
    d.send(ev::Next{});
    d.send(Driver::sampleAnswer(d.state().lookupId));
    REQUIRE(d.screen() == Screen::trackResult);
    a.check(d.state(), "track: a rejected application's timeline");
    auto refused = Driver::sampleAnswer(0);
    refused.status.status = "refused";
    refused.status.statusText = "未能提交";
    refused.status.promisedBy.clear();
    refused.status.timeline = {{"refused", "未能提交", "2026-11-19T08:00:00Z", "出生日期不能晚于今天", "",
                                "请携带本回执到政务服务中心窗口办理"}};
    refused.status.refusal =
        api::Refusal{"validation_failed", "出生日期不能晚于今天", "请携带本回执到政务服务中心窗口办理"};
    d.send(ev::Back{});
    d.send(ev::Scanned{receiptQrPayload("YM00012611190002", "123456")});
    refused.lookupId = d.state().lookupId;
    d.send(refused);
    REQUIRE(d.screen() == Screen::trackResult);
    a.check(d.state(), "track: a refused application");
    CHECK(a.frames >= 18);

    Driver rating;
    rating.send(ev::StartRate{});
    a.check(rating.state(), "rate: scan");
    rating.walkTo(Screen::rateLevel);
    REQUIRE(rating.screen() == Screen::rateLevel);
    a.check(rating.state(), "rate: levels");
    rating.send(ev::Rate{1});
    a.check(rating.state(), "rate: reasons, none chosen");
    rating.send(ev::Submit{});
    a.check(rating.state(), "rate: reasons, asked for one");
    rating.send(ev::ToggleReason{1});
    rating.send(ev::ToggleReason{5});
    a.check(rating.state(), "rate: reasons, two chosen");
}

TEST_CASE("every item and question of the seed catalog passes the layout audit in both orientations",
          "[layout_audit]") {
    Auditor a;
    Driver d;
    const auto seed = seedCatalog();
    d.send(ev::CatalogLoaded{seed});
    d.send(ev::StartApply{});
    a.check(d.state(), "seed catalog");
    for (const Category& c : seed->categories) {
        d.send(ev::SelectCategory{c.id});
        a.check(d.state(), "seed category " + c.id);
    }
    d.send(ev::Home{});
    for (const Item& item : seed->items) {
        d.send(ev::StartApply{});
        d.send(ev::SelectItem{item.id});
        a.check(d.state(), "item " + item.id);
        d.send(ev::StartItem{});
        d.send(ev::CardRead{kiosk::test::sampleCard()});
        while (d.screen() == Screen::form) {
            const FieldSpec& f = *d.state().currentField();
            const std::string where = item.id + "/" + f.id;
            a.check(d.state(), "question " + where);
            if (!d.state().draftFromCard) {
                if (f.type == FieldType::phone || f.type == FieldType::date ||
                    f.type == FieldType::idNumber) {
                    d.send(ev::Input{"1"});
                    d.send(ev::Next{});
                    REQUIRE(d.state().fieldError);
                    a.check(d.state(), "question " + where + " with its error");
                }
                d.send(ev::Input{longestAnswer(f)});
                a.check(d.state(), "question " + where + " answered");
            }
            const std::size_t index = d.state().fieldIndex;
            d.send(ev::Next{});
            INFO(where << ": " << (d.state().fieldError ? d.state().fieldError->message : std::string()));
            REQUIRE((d.screen() != Screen::form || d.state().fieldIndex != index));
        }
        REQUIRE(d.screen() == Screen::review);
        a.check(d.state(), "review of " + item.id);
        d.send(ev::Home{});
    }
}

TEST_CASE("a long review is paged and every answer can be reached", "[layout_audit]") {
    Ui ui(landscape(), fonts());
    Driver d;
    const auto seed = seedCatalog();
    d.send(ev::CatalogLoaded{seed});
    d.send(ev::StartApply{});
    d.send(ev::SelectItem{"newborn-medical-insurance"});
    d.send(ev::StartItem{});
    d.send(ev::CardRead{kiosk::test::sampleCard()});
    while (d.screen() == Screen::form) {
        const FieldSpec& f = *d.state().currentField();
        if (!d.state().draftFromCard)
            d.send(ev::Input{longestAnswer(f)});
        d.send(ev::Next{});
    }
    REQUIRE(d.screen() == Screen::review);
    std::set<std::string> seen;
    const Item* item = seed->item("newborn-medical-insurance");
    for (int page = 0; page < 10; ++page) {
        const Frame& f = ui.update(d.state());
        INFO(problemsOf(f, ui.theme()));
        CHECK(problemsOf(f, ui.theme()).empty());
        for (const FieldSpec& field : item->fields)
            if (f.find("review.edit." + field.id))
                seen.insert(field.id);
        if (!f.find("review.page.next"))
            break;
        REQUIRE(ui.tapId("review.page.next"));
    }
    CHECK(seen.size() == item->fields.size());
}

TEST_CASE("a choice with many options is paged and every option can be reached", "[layout_audit]") {
    std::string options;
    for (int i = 1; i <= 40; ++i)
        options += std::string(i > 1 ? "," : "") + "\"第" + std::to_string(i) + "档\"";
    auto catalog = parseCatalog(
        R"({"version":"m","categories":[{"id":"c","name":"类别"}],"items":[{"id":"many","name":"多选项事项",
        "initials":"DXX","category":"c","department":"d","fields":[{"id":"level","label":"档次","type":"choice",
        "options":[)" +
        options + "]}]}]}");
    REQUIRE(catalog);
    for (const Theme& theme : {portrait(), landscape()}) {
        Ui ui(theme, fonts());
        Driver d;
        d.send(ev::CatalogLoaded{std::make_shared<const Catalog>(*catalog)});
        d.send(ev::StartApply{});
        d.send(ev::SelectItem{"many"});
        d.send(ev::StartItem{});
        d.send(ev::CardRead{kiosk::test::sampleCard()});
        REQUIRE(d.screen() == Screen::form);
        std::set<int> seen;
        for (int page = 0; page < 20; ++page) {
            const Frame& f = ui.update(d.state());
            INFO(problemsOf(f, theme));
            CHECK(problemsOf(f, theme).empty());
            for (int i = 0; i < 40; ++i)
                if (f.find("form.option." + std::to_string(i)))
                    seen.insert(i);
            const Widget* next = f.find("form.options.next");
            REQUIRE(next);
            if (seen.size() == 40)
                break;
            REQUIRE(ui.tapId("form.options.next"));
        }
        CHECK(seen.size() == 40);
    }
}

TEST_CASE(
    "the audit reports small targets, overlapping targets, low contrast, overflow and off-screen widgets",
    "[layout_audit]") {
    const Theme t = portrait();
    Frame f;
    f.width = t.width;
    f.height = t.height;
    f.background = t.background;
    auto target = [&](std::string id, Rect r) {
        Widget w;
        w.id = std::move(id);
        w.kind = WidgetKind::button;
        w.rect = r;
        w.fill = t.primaryFill;
        w.action = Action{ev::Next{}, UiCommand::none, {}, 0};
        f.widgets.push_back(w);
    };
    target("small", {10, 10, 80, 120});
    target("a", {200, 200, 200, 200});
    target("b", {405, 200, 200, 200});  // 5 px away: closer than the spacing
    target("outside", {1000, 1850, 200, 200});
    Widget grey;
    grey.id = "grey";
    grey.rect = {100, 1000, 600, 100};
    grey.text = "浅灰色的字";
    grey.lines = {grey.text};
    grey.textPx = 36;
    grey.lineHeight = fonts().lineHeight(36, false);
    grey.textColor = rgb(0xb0b8c0);
    f.widgets.push_back(grey);
    Widget tight = grey;
    tight.id = "tight";
    tight.rect = {100, 1200, 60, 100};
    tight.textColor = t.text;
    f.widgets.push_back(tight);

    std::map<std::string, std::set<ProblemKind>> found;
    for (const auto& p : auditFrame(f, t, fonts())) found[p.widgetId].insert(p.kind);
    CHECK(found["small"].count(ProblemKind::smallTarget));
    CHECK(found["a"].count(ProblemKind::overlap));
    CHECK(found["outside"].count(ProblemKind::offScreen));
    CHECK(found["grey"].count(ProblemKind::lowContrast));
    CHECK(found["tight"].count(ProblemKind::overflow));
    CHECK_FALSE(found["tight"].count(ProblemKind::lowContrast));
}
