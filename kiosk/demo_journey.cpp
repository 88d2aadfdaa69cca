// The headless demo's citizen, driving the app with the same events the screens emit.
#include "kiosk/demo_journey.h"

#include "kiosk/core/texts.h"

namespace yimen::kiosk {
namespace {

using namespace std::chrono_literals;

std::string describe(const SessionState& s) {
    std::string line = std::string("[") + toString(s.screen) + "]";
    if (const Item* item = s.item(); item && s.screen != Screen::home)
        line += " " + item->name;
    if (s.screen == Screen::form) {
        if (const FieldSpec* f = s.currentField())
            line += " / " + f->label + (s.draftFromCard ? "（读卡预填）" : "");
    }
    if (s.screen == Screen::receipt && s.receipt) {
        line += " 回执号 " + s.receipt->receiptNo + " 查询码 " + s.receipt->queryCode + " · " +
                (s.receipt->delivery == Delivery::delivered ? texts::kDelivered : texts::kQueued);
        if (!s.printMessage.empty())
            line += " · " + s.printMessage;
    }
    if (s.fieldError)
        line += " ✗ " + s.fieldError->message;
    if (!s.notice.empty())
        line += " " + s.notice;
    return line;
}

}  // namespace

std::string sampleAnswer(const FieldSpec& field) {
    switch (field.type) {
    case FieldType::phone: return "13800138000";
    case FieldType::date: return "2025-03-18";
    case FieldType::choice: return field.options.empty() ? std::string() : field.options.front();
    case FieldType::idNumber: return "11010519491231002X";
    case FieldType::address: return "广西壮族自治区南宁市武鸣区城厢镇东风村3号";
    case FieldType::text: return field.required ? "无" : "";
    }
    return {};
}

Status playDemoJourney(App& app, const DemoJourneyOptions& o) {
    auto say = [&](const std::string& what) {
        if (o.step)
            o.step(what + "  " + describe(app.state()));
    };
    auto waitFor = [&](const char* what, std::function<bool(const SessionState&)> done,
                       std::chrono::milliseconds timeout = 20s) -> Status {
        if (app.runUntil(done, timeout))
            return {};
        return fail(ErrorCode::timeout, std::string("demo journey: ") + what +
                                            " did not happen; the kiosk is on " +
                                            toString(app.state().screen));
    };
    auto on = [](Screen s) { return [s](const SessionState& st) { return st.screen == s; }; };

    if (auto ok =
            waitFor("the catalog", [](const SessionState& s) { return s.catalog && !s.catalog->empty(); });
        !ok)
        return ok;
    say("Home");
    app.post(ev::StartApply{});
    if (auto ok = waitFor("opening the catalog", on(Screen::catalog)); !ok)
        return ok;
    say("tap 办事");
    const std::string itemId = o.itemId.empty() ? app.state().catalog->items.front().id : o.itemId;
    app.post(ev::SelectItem{itemId});
    if (auto ok = waitFor("opening the item", on(Screen::item)); !ok)
        return ok;
    say("tap the item");
    app.post(ev::StartItem{});
    if (auto ok = waitFor("asking for the card", on(Screen::identify)); !ok)
        return ok;
    say("tap 开始办理");
    if (o.insertCard)
        o.insertCard();
    if (auto ok =
            waitFor("reading the card", [](const SessionState& s) { return s.screen != Screen::identify; });
        !ok)
        return ok;
    say("card placed on the reader");
    if (o.removeCard)
        o.removeCard();
    while (app.state().screen == Screen::form) {
        const FieldSpec* f = app.state().currentField();
        const std::size_t index = app.state().fieldIndex;
        if (!app.state().draftFromCard)
            app.post(ev::Input{sampleAnswer(*f)});
        app.post(ev::Next{});
        if (auto ok = waitFor("the next question",
                              [index](const SessionState& s) {
                                  return s.screen != Screen::form || s.fieldIndex != index || s.fieldError;
                              });
            !ok)
            return ok;
        if (app.state().fieldError)
            return fail(ErrorCode::invalidInput,
                        "demo journey: answer refused: " + app.state().fieldError->message);
        say("answered " + f->label);
    }
    if (auto ok = waitFor("the review", on(Screen::review)); !ok)
        return ok;
    app.post(ev::Submit{});
    if (auto ok = waitFor("the receipt", on(Screen::receipt), 30s); !ok)
        return ok;
    say("tap 提交申请");
    if (auto ok = waitFor("printing",
                          [](const SessionState& s) {
                              return s.printState == PrintState::printed ||
                                     s.printState == PrintState::failed;
                          });
        !ok)
        return ok;
    say("receipt printed");
    app.post(ev::Next{});
    if (auto ok = waitFor("the rating", on(Screen::rating)); !ok)
        return ok;
    say("tap 完成");
    app.post(ev::Rate{5});
    if (auto ok = waitFor("returning home", on(Screen::home)); !ok)
        return ok;
    say("rate 非常满意");
    // The journey is over when what it asked the store to keep (the rating, the audit lines) is written.
    if (!app.flushStore(10s))
        return fail(ErrorCode::timeout, "demo journey: the store did not finish its writes in 10 s");
    return {};
}

}  // namespace yimen::kiosk
