// The top-level machine's table and handlers, and the identification steps the journeys share.
#include "kiosk/core/top_level.h"

#include <algorithm>

#include "common/id_number.h"
#include "kiosk/core/apply_journey.h"
#include "kiosk/core/privacy.h"
#include "kiosk/core/rate_journey.h"
#include "kiosk/core/session.h"
#include "kiosk/core/texts.h"
#include "kiosk/core/track_journey.h"

namespace yimen::kiosk::core {

namespace {

using S = Screen;
constexpr std::optional<Screen> any;
constexpr std::optional<Screen> stay;

// ---- the clock and the idle warning ----
bool idleExpired(const Step& s, const ev::Tick&) {
    return s.state.idleWarning && s.state.idleWarning->deadlineMs - s.state.steadyMs <= 0;
}
void idleCountdown(Step& s, const ev::Tick&) {
    SessionState& st = s.state;
    if (st.idleWarning) {
        const std::int64_t left = st.idleWarning->deadlineMs - st.steadyMs;
        st.idleWarning->secondsLeft = static_cast<int>((left + 999) / 1000);
    } else if (st.steadyMs - st.lastActivityMs >= s.config.idleWarnAfterMs) {
        st.idleWarning = IdleWarning{st.steadyMs + s.config.countdownMs,
                                     static_cast<int>((s.config.countdownMs + 999) / 1000)};
        s.out.push_back(fx::Speak{texts::kStillThere});
    }
}
void extend(Step& s, const ev::ExtendTime&) {
    s.state.idleWarning.reset();
    s.state.lastActivityMs = s.state.steadyMs;
}

// ---- reports every screen shares ----
void catalogLoaded(Step& s, const ev::CatalogLoaded& e) {
    if (!e.catalog)
        return;
    SessionState& st = s.state;
    // A session in progress keeps the catalog it started with; the new one applies from Home.
    const bool browsing = st.screen == Screen::home || st.screen == Screen::unavailable;
    if (browsing || !st.catalog)
        st.catalog = e.catalog;
    else
        s.pendingCatalog = e.catalog;
}
void deviceHealth(Step& s, const ev::DeviceHealthChanged& e) {
    SessionState& st = s.state;
    st.devices[e.device] = e.status;
    if (e.device != "cardReader" || st.screen != Screen::identify)
        return;
    // The citizen is waiting at the reader: say at once when it fails, and clear the message when it is back.
    if (!e.status.usable()) {
        st.identifyMessage = texts::kReaderUnavailable;
        s.out.push_back(fx::Speak{texts::kReaderUnavailable});
    } else if (st.identifyMessage == texts::kReaderUnavailable) {
        st.identifyMessage.clear();
        s.out.push_back(fx::Speak{texts::kPlaceCard});
    }
}
void workerFailed(Step& s, const ev::WorkerFailed& e) {
    // The shell restarts the thread and marks what depends on it on the health board; the session keeps a
    // record for the technician.
    s.out.push_back(fx::Audit{"worker_failed", e.name + ": " + e.what});
}

SessionTable buildTable() {
    SessionTable t;
    t.ignore<ev::Tick>(S::home)
        .on<ev::Tick>(any, idleExpired, S::home,
                      [](Step& s, const ev::Tick&) { endSession(s, "idle timeout"); })
        .on<ev::Tick>(any, stay, idleCountdown)
        .on<ev::CatalogLoaded>(any, stay, catalogLoaded)
        .on<ev::DeviceHealthChanged>(any, stay, deviceHealth)
        .on<ev::WorkerFailed>(any, stay, workerFailed)
        .on<ev::ExtendTime>(any, stay, extend)
        .ignore<ev::Activity>(any)  // its whole effect is the activity time, taken before the table
        .on<ev::Home>(any, S::home, [](Step& s, const ev::Home&) { endSession(s, "cancelled by citizen"); });

    // Reports that may arrive after the citizen moved on are expected, not bugs.
    t.ignore<ev::DeliveryReported>(any)
        .ignore<ev::LookupAnswered>(any)
        .ignore<ev::Scanned>(
            any)  // a code held to the scanner in the middle of an application changes nothing
        .ignore<ev::PrintFinished>(any)
        .ignore<ev::CardRead>(any)
        .ignore<ev::CardReadFailed>(any);

    // Intents and reports that belong to a journey's screens are bugs anywhere else.
    t.unexpected<ev::StartApply>(any)
        .unexpected<ev::SelectCategory>(any)
        .unexpected<ev::SearchInitials>(any)
        .unexpected<ev::PageNext>(any)
        .unexpected<ev::PagePrevious>(any)
        .unexpected<ev::SelectItem>(any)
        .unexpected<ev::StartItem>(any)
        .unexpected<ev::Input>(any)
        .unexpected<ev::Next>(any)
        .unexpected<ev::Back>(any)
        .unexpected<ev::EditField>(any)
        .unexpected<ev::Submit>(any)
        .unexpected<ev::Rate>(any)
        .unexpected<ev::SkipRating>(any)
        .unexpected<ev::StartTrack>(any)
        .unexpected<ev::TypeReceipt>(any)
        .unexpected<ev::StartRate>(any)
        .unexpected<ev::ToggleReason>(any)
        .unexpected<ev::ApplicationQueued>(any)
        .unexpected<ev::ApplicationSaveFailed>(any);
    return t;
}

}  // namespace

const std::vector<const Journey*>& journeys() {
    static const std::vector<const Journey*> all = {&applyJourney(), &trackJourney(), &rateJourney()};
    return all;
}

const SessionTable& topLevelTable() {
    static const SessionTable table = buildTable();
    return table;
}

void handle(Step& step, const Event& event) {
    SessionState& st = step.state;
    if (const auto* tick = std::get_if<ev::Tick>(&event)) {
        st.nowMs = tick->nowMs;
        // Delays run on the monotonic clock: a wall clock stepped back must not keep the review on screen.
        st.steadyMs = tick->steadyMs.value_or(tick->nowMs);
        if (st.lastActivityMs == 0)
            st.lastActivityMs = st.steadyMs;
    }
    if (isCitizenIntent(event)) {
        // While the idle countdown is showing, only its own buttons count.
        const bool dialogButton =
            std::holds_alternative<ev::ExtendTime>(event) || std::holds_alternative<ev::Home>(event);
        if (st.idleWarning && !dialogButton)
            return;
        st.lastActivityMs = st.steadyMs;
    }
    const SessionTable::Row* row = nullptr;
    for (const Journey* journey : journeys()) {
        row = journey->table.find(st.screen, step, event);
        if (row)
            break;
    }
    if (!row)
        row = topLevelTable().find(st.screen, step, event);
    if (!row || row->kind == RowKind::unexpected) {
        step.out.push_back(fx::LogBug{std::string("unhandled event ") + eventName(event) + " on screen " +
                                      toString(st.screen)});
        return;
    }
    st.screen = SessionTable::apply(*row, st.screen, step, event);
}

void endSession(Step& step, const std::string& reason, std::string notice) {
    SessionState& st = step.state;
    if (st.screen == Screen::identify)
        step.out.push_back(fx::StopCardReading{});
    if (st.screen == Screen::trackScan)
        step.out.push_back(fx::WantScans{false});
    step.out.push_back(fx::WipePersonalData{});
    step.out.push_back(fx::Audit{"session_end", reason});
    wipePersonalData(st);
    st.idleWarning.reset();
    st.categoryId.clear();
    st.searchInitials.clear();
    st.page = 0;
    st.itemId.clear();
    st.notice = std::move(notice);
    if (step.pendingCatalog)
        st.catalog = std::move(step.pendingCatalog);
}

void startIdentification(Step& step) {
    SessionState& st = step.state;
    st.identifyMessage.clear();
    step.out.push_back(fx::StartCardReading{});
    if (!st.deviceUsable("cardReader")) {
        st.identifyMessage = texts::kReaderUnavailable;
        step.out.push_back(fx::Speak{texts::kReaderUnavailable});
        return;
    }
    step.out.push_back(fx::Speak{texts::kPlaceCard});
}

void stopIdentification(Step& step) {
    step.state.identifyMessage.clear();
    step.out.push_back(fx::StopCardReading{});
}

namespace {
enum class CardProblem { none, invalid, expired };
CardProblem cardProblem(const Step& step, const Identity& id) {
    const std::string now = today(step);
    if (checkIdNumber(id.idNumber, now) != IdNumberProblem::none || id.name.empty())
        return CardProblem::invalid;
    std::string validTo = id.validTo;
    validTo.erase(std::remove(validTo.begin(), validTo.end(), '-'), validTo.end());
    if (validTo.size() == 8 && validTo < now)
        return CardProblem::expired;
    return CardProblem::none;
}
}  // namespace

bool cardRefused(const Step& step, const Identity& identity) {
    return cardProblem(step, identity) != CardProblem::none;
}

void refuseCard(Step& step, const Identity& identity) {
    const bool expired = cardProblem(step, identity) == CardProblem::expired;
    const char* message = expired ? texts::kCardExpired : texts::kCardInvalid;
    step.state.identifyMessage = message;
    step.out.push_back(fx::Audit{"card_refused", (expired ? "expired card " : "invalid card data ") +
                                                     maskIdNumber(identity.idNumber)});
    step.out.push_back(fx::Speak{message});
}

void acceptCard(Step& step, const Identity& identity) {
    SessionState& st = step.state;
    step.out.push_back(fx::StopCardReading{});
    step.out.push_back(fx::Audit{"card_read", maskIdNumber(identity.idNumber)});
    step.out.push_back(fx::Speak{texts::kCardRead});
    st.identity = identity;
    st.identifyMessage.clear();
}

void cardReadFailed(Step& step, const ev::CardReadFailed& event) {
    step.state.identifyMessage = event.message.empty() ? texts::kCardReadFailed : event.message;
    step.out.push_back(fx::Speak{step.state.identifyMessage});
}

std::string today(const Step& step) {
    return ymdAt(step.state.nowMs, step.config.utcOffsetMinutes);
}

}  // namespace yimen::kiosk::core
