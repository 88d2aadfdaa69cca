// The apply journey's transition table and its handlers.
#include "kiosk/session.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>
#include <type_traits>

#include "common/id_number.h"
#include "kiosk/privacy.h"
#include "kiosk/texts.h"

namespace yimen::kiosk {

using Fx = std::vector<Effect>;

namespace {

template <typename T, typename Variant>
struct IndexOf;
template <typename T, typename... Ts>
struct IndexOf<T, std::variant<Ts...>> {
    static constexpr std::size_t value = [] {
        constexpr bool matches[] = {std::is_same_v<T, Ts>...};
        for (std::size_t i = 0; i < sizeof...(Ts); ++i)
            if (matches[i])
                return i;
        return sizeof...(Ts);
    }();
};
template <typename T>
constexpr std::size_t eventIndex = IndexOf<T, Event>::value;

std::string prefillValue(const drivers::Identity& id, Prefill p) {
    switch (p) {
    case Prefill::name: return id.name;
    case Prefill::idNumber: return id.idNumber;
    case Prefill::address: return id.address;
    case Prefill::birthDate: return id.birthDate;
    case Prefill::sex: return id.sex;
    case Prefill::nation: return id.nation;
    case Prefill::none: break;
    }
    return {};
}

std::string toUpperAscii(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

// The handlers, with access to the session's state. The table at the bottom says which runs when.
struct Transitions {
    using Handler = void (*)(Session&, const Event&, Fx&);
    struct Row {
        std::optional<Screen> screen;  // nullopt: any screen not matched by an earlier row
        std::size_t event;
        Handler handler;
    };

    static std::string today(const Session& s) { return ymdAt(s.state_.nowMs, s.config_.utcOffsetMinutes); }

    // ---- shared steps ----
    static void goHome(Session& s, Fx& out, const std::string& reason, std::string notice = {}) {
        SessionState& st = s.state_;
        if (st.screen == Screen::identify)
            out.push_back(fx::StopCardReading{});
        out.push_back(fx::WipePersonalData{});
        out.push_back(fx::Audit{"session_end", reason});
        wipePersonalData(st);
        st.screen = Screen::home;
        st.idleWarning.reset();
        st.categoryId.clear();
        st.searchInitials.clear();
        st.page = 0;
        st.itemId.clear();
        st.notice = std::move(notice);
        if (s.pendingCatalog_)
            st.catalog = std::move(s.pendingCatalog_);
    }

    static void loadDraft(SessionState& st) {
        st.fieldError.reset();
        st.draftFromCard = false;
        const FieldSpec* f = st.currentField();
        if (!f) {
            secureClear(st.draft);
            return;
        }
        if (auto it = st.answers.find(f->id); it != st.answers.end()) {
            st.draft = it->second;
        } else if (f->prefill != Prefill::none && st.identity) {
            st.draft = prefillValue(*st.identity, f->prefill);
            st.draftFromCard = !st.draft.empty();
        } else {
            secureClear(st.draft);
        }
    }

    static void toReceipt(Session& s, Fx& out, Delivery delivery) {
        SessionState& st = s.state_;
        st.receipt->delivery = delivery;
        st.screen = Screen::receipt;
        st.printState = PrintState::printing;
        st.printMessage.clear();
        // The application is committed: the session no longer needs the citizen's data.
        if (st.identity)
            st.identity->wipe();
        st.identity.reset();
        secureClear(st.answers);
        secureClear(st.draft);
        out.push_back(fx::PrintReceipt{*st.receipt});
        out.push_back(fx::Speak{texts::kPrinting});
    }

    // ---- any screen ----
    static void tick(Session& s, const ev::Tick& e, Fx& out) {
        SessionState& st = s.state_;
        st.nowMs = e.nowMs;
        // Delays run on the monotonic clock: a wall clock stepped back must not keep the review on screen.
        st.steadyMs = e.steadyMs.value_or(e.nowMs);
        if (st.lastActivityMs == 0)
            st.lastActivityMs = st.steadyMs;
        if (st.screen == Screen::submitting) {
            if (st.receipt && st.steadyMs - st.submitStartedMs >= s.config_.submitWaitMs)
                toReceipt(s, out, Delivery::queued);
            return;
        }
        if (st.screen == Screen::home)
            return;
        if (st.idleWarning) {
            const std::int64_t left = st.idleWarning->deadlineMs - st.steadyMs;
            if (left <= 0) {
                goHome(s, out, "idle timeout");
                return;
            }
            st.idleWarning->secondsLeft = static_cast<int>((left + 999) / 1000);
        } else if (st.steadyMs - st.lastActivityMs >= s.config_.idleWarnAfterMs) {
            st.idleWarning = IdleWarning{st.steadyMs + s.config_.countdownMs,
                                         static_cast<int>((s.config_.countdownMs + 999) / 1000)};
            out.push_back(fx::Speak{texts::kStillThere});
        }
    }

    static void catalogLoaded(Session& s, const ev::CatalogLoaded& e, Fx&) {
        if (!e.catalog)
            return;
        SessionState& st = s.state_;
        // A session in progress keeps the catalog it started with; the new one applies from Home.
        const bool browsing = st.screen == Screen::home || st.screen == Screen::unavailable;
        if (browsing || !st.catalog)
            st.catalog = e.catalog;
        else
            s.pendingCatalog_ = e.catalog;
    }

    static void deviceHealth(Session& s, const ev::DeviceHealthChanged& e, Fx& out) {
        SessionState& st = s.state_;
        st.devices[e.device] = e.status;
        if (e.device != "cardReader" || st.screen != Screen::identify)
            return;
        // The citizen is waiting at the reader: say at once when it fails, and clear the message when it is
        // back.
        if (!e.status.usable()) {
            st.identifyMessage = texts::kReaderUnavailable;
            out.push_back(fx::Speak{texts::kReaderUnavailable});
        } else if (st.identifyMessage == texts::kReaderUnavailable) {
            st.identifyMessage.clear();
            out.push_back(fx::Speak{texts::kPlaceCard});
        }
    }

    static void workerFailed(Session&, const ev::WorkerFailed& e, Fx& out) {
        // The shell restarts the thread and marks what depends on it on the health board; the session keeps
        // a record for the technician.
        out.push_back(fx::Audit{"worker_failed", e.name + ": " + e.what});
    }

    static void home(Session& s, const ev::Home&, Fx& out) { goHome(s, out, "cancelled by citizen"); }
    static void ignoreWhileSubmitting(Session&, const ev::Home&, Fx& out) {
        out.push_back(fx::Audit{"cancel_refused", "application is being saved"});
    }
    static void extend(Session& s, const ev::ExtendTime&, Fx&) {
        s.state_.idleWarning.reset();
        s.state_.lastActivityMs = s.state_.steadyMs;
    }
    template <typename E>
    static void ignore(Session&, const E&, Fx&) {}

    // ---- home ----
    static void startApply(Session& s, const ev::StartApply&, Fx& out) {
        SessionState& st = s.state_;
        st.notice.clear();
        if (s.pendingCatalog_)
            st.catalog = std::move(s.pendingCatalog_);
        if (!st.catalog || st.catalog->empty()) {
            st.screen = Screen::unavailable;
            out.push_back(fx::Speak{texts::kOutOfService});
            return;
        }
        st.screen = Screen::catalog;
        st.page = 0;
        out.push_back(fx::Speak{texts::kCatalogTitle});
    }
    static void unavailableBack(Session& s, const ev::Back&, Fx&) { s.state_.screen = Screen::home; }

    // ---- catalog ----
    static void selectCategory(Session& s, const ev::SelectCategory& e, Fx&) {
        s.state_.categoryId = e.id;
        s.state_.searchInitials.clear();
        s.state_.page = 0;
    }
    static void searchInitials(Session& s, const ev::SearchInitials& e, Fx&) {
        s.state_.searchInitials = toUpperAscii(e.text);
        s.state_.page = 0;
    }
    static void pageNext(Session& s, const ev::PageNext&, Fx&) {
        if (s.state_.page + 1 < s.state_.pageCount(s.config_.catalogPageSize))
            ++s.state_.page;
    }
    static void pagePrevious(Session& s, const ev::PagePrevious&, Fx&) {
        if (s.state_.page > 0)
            --s.state_.page;
    }
    static void selectItem(Session& s, const ev::SelectItem& e, Fx& out) {
        SessionState& st = s.state_;
        const Item* item = st.catalog ? st.catalog->item(e.itemId) : nullptr;
        if (!item) {
            out.push_back(fx::LogBug{"SelectItem of an item not in the catalog: " + e.itemId});
            return;
        }
        st.itemId = item->id;
        st.screen = Screen::item;
        out.push_back(fx::Speak{item->name});
    }
    static void catalogBack(Session& s, const ev::Back&, Fx& out) { goHome(s, out, "left the catalog"); }

    // ---- item ----
    static void startItem(Session& s, const ev::StartItem&, Fx& out) {
        s.state_.screen = Screen::identify;
        s.state_.identifyMessage.clear();
        out.push_back(fx::StartCardReading{});
        if (!s.state_.deviceUsable("cardReader")) {
            s.state_.identifyMessage = texts::kReaderUnavailable;
            out.push_back(fx::Speak{texts::kReaderUnavailable});
            return;
        }
        out.push_back(fx::Speak{texts::kPlaceCard});
    }
    static void itemBack(Session& s, const ev::Back&, Fx&) {
        s.state_.screen = Screen::catalog;
        s.state_.itemId.clear();
    }

    // ---- identify ----
    static void cardRead(Session& s, const ev::CardRead& e, Fx& out) {
        SessionState& st = s.state_;
        drivers::Identity id = e.identity;
        const std::string now = today(s);
        if (checkIdNumber(id.idNumber, now) != IdNumberProblem::none || id.name.empty()) {
            st.identifyMessage = texts::kCardInvalid;
            out.push_back(fx::Audit{"card_refused", "invalid card data " + maskIdNumber(id.idNumber)});
            out.push_back(fx::Speak{texts::kCardInvalid});
            id.wipe();
            return;
        }
        std::string validTo = id.validTo;
        validTo.erase(std::remove(validTo.begin(), validTo.end(), '-'), validTo.end());
        if (validTo.size() == 8 && validTo < now) {
            st.identifyMessage = texts::kCardExpired;
            out.push_back(fx::Audit{"card_refused", "expired card " + maskIdNumber(id.idNumber)});
            out.push_back(fx::Speak{texts::kCardExpired});
            id.wipe();
            return;
        }
        out.push_back(fx::StopCardReading{});
        out.push_back(fx::Audit{"card_read", maskIdNumber(id.idNumber)});
        out.push_back(fx::Speak{texts::kCardRead});
        st.identity = std::move(id);
        st.identifyMessage.clear();
        secureClear(st.answers);
        st.fieldIndex = 0;
        st.returnToReview = false;
        const Item* item = st.item();
        if (!item || item->fields.empty()) {
            st.screen = Screen::review;
            return;
        }
        st.screen = Screen::form;
        loadDraft(st);
    }
    static void cardReadFailed(Session& s, const ev::CardReadFailed& e, Fx& out) {
        s.state_.identifyMessage = e.message.empty() ? texts::kCardReadFailed : e.message;
        out.push_back(fx::Speak{s.state_.identifyMessage});
    }
    static void identifyBack(Session& s, const ev::Back&, Fx& out) {
        s.state_.screen = Screen::item;
        s.state_.identifyMessage.clear();
        out.push_back(fx::StopCardReading{});
    }

    // ---- form ----
    static void input(Session& s, const ev::Input& e, Fx&) {
        s.state_.draft = e.value;
        s.state_.draftFromCard = false;
        s.state_.fieldError.reset();
    }
    static void formNext(Session& s, const ev::Next&, Fx& out) {
        SessionState& st = s.state_;
        const FieldSpec* f = st.currentField();
        if (!f)
            return;
        if (auto error = validateField(*f, st.draft, today(s))) {
            st.fieldError = error;
            out.push_back(fx::Speak{error->message});
            return;
        }
        st.answers[f->id] = st.draft;
        secureClear(st.draft);
        if (st.returnToReview || st.fieldIndex + 1 >= st.item()->fields.size()) {
            st.returnToReview = false;
            st.screen = Screen::review;
            out.push_back(fx::Speak{texts::kReviewTitle});
            return;
        }
        ++st.fieldIndex;
        loadDraft(st);
    }
    static void formBack(Session& s, const ev::Back&, Fx& out) {
        SessionState& st = s.state_;
        if (st.returnToReview) {
            st.returnToReview = false;
            secureClear(st.draft);
            st.fieldError.reset();
            st.screen = Screen::review;
            return;
        }
        if (st.fieldIndex > 0) {
            --st.fieldIndex;
            loadDraft(st);
            return;
        }
        // Back from the first question returns to the item; the card data read for it is dropped.
        const std::string itemId = st.itemId;
        out.push_back(fx::WipePersonalData{});
        wipePersonalData(st);
        st.itemId = itemId;
        st.screen = Screen::item;
    }

    // ---- review ----
    static void editField(Session& s, const ev::EditField& e, Fx& out) {
        SessionState& st = s.state_;
        const Item* item = st.item();
        for (std::size_t i = 0; item && i < item->fields.size(); ++i) {
            if (item->fields[i].id != e.fieldId)
                continue;
            st.fieldIndex = i;
            st.returnToReview = true;
            st.screen = Screen::form;
            loadDraft(st);
            return;
        }
        out.push_back(fx::LogBug{"EditField of a field not in the form: " + e.fieldId});
    }
    static void submit(Session& s, const ev::Submit&, Fx& out) {
        SessionState& st = s.state_;
        const Item* item = st.item();
        if (!item || !st.identity) {
            out.push_back(fx::LogBug{"Submit without an item or an identity"});
            return;
        }
        // The answers were checked one by one; check them all again in case the form changed under them.
        for (std::size_t i = 0; i < item->fields.size(); ++i) {
            const FieldSpec& f = item->fields[i];
            auto it = st.answers.find(f.id);
            if (auto error =
                    validateField(f, it == st.answers.end() ? std::string() : it->second, today(s))) {
                st.fieldIndex = i;
                st.returnToReview = true;
                st.screen = Screen::form;
                loadDraft(st);
                st.fieldError = error;
                out.push_back(fx::Speak{error->message});
                return;
            }
        }
        st.submitError.clear();
        st.screen = Screen::submitting;
        st.submitStartedMs = st.steadyMs;
        st.receipt.reset();
        out.push_back(fx::CommitApplication{item->id, *st.identity, st.answers});
        out.push_back(fx::Speak{texts::kSubmitting});
    }
    static void reviewBack(Session& s, const ev::Back&, Fx&) {
        SessionState& st = s.state_;
        const Item* item = st.item();
        if (!item || item->fields.empty()) {
            st.screen = Screen::item;
            return;
        }
        st.fieldIndex = item->fields.size() - 1;
        st.screen = Screen::form;
        loadDraft(st);
    }

    // ---- submitting ----
    static void queued(Session& s, const ev::ApplicationQueued& e, Fx& out) {
        s.state_.receipt = e.receipt;
        out.push_back(fx::Audit{"application_committed", e.receipt.receiptNo});
    }
    static void saveFailed(Session& s, const ev::ApplicationSaveFailed& e, Fx& out) {
        s.state_.screen = Screen::review;
        s.state_.submitError = texts::kSaveFailed;
        out.push_back(fx::Audit{"application_not_saved", e.message});
        out.push_back(fx::Speak{texts::kSaveFailed});
    }
    static void deliveryWhileSubmitting(Session& s, const ev::DeliveryReported& e, Fx& out) {
        SessionState& st = s.state_;
        if (!st.receipt || st.receipt->receiptNo != e.receiptNo)
            return;
        using R = ev::DeliveryReported::Result;
        if (e.result == R::failed) {
            // The platform refused it for good: the citizen can correct the answers and submit again.
            st.submitError = std::string(texts::kSubmitRefused) + e.message;
            st.receipt.reset();
            st.screen = Screen::review;
            out.push_back(fx::Speak{st.submitError});
            return;
        }
        toReceipt(s, out, e.result == R::delivered ? Delivery::delivered : Delivery::queued);
    }

    // ---- receipt ----
    static void deliveryOnReceipt(Session& s, const ev::DeliveryReported& e, Fx&) {
        SessionState& st = s.state_;
        if (!st.receipt || st.receipt->receiptNo != e.receiptNo)
            return;
        if (e.result == ev::DeliveryReported::Result::delivered)
            st.receipt->delivery = Delivery::delivered;
    }
    static void printFinished(Session& s, const ev::PrintFinished& e, Fx& out) {
        SessionState& st = s.state_;
        st.printState = e.ok ? PrintState::printed : PrintState::failed;
        st.printMessage = e.ok ? texts::kPrinted : std::string(texts::kPrintFailed) + e.message;
        out.push_back(fx::Speak{st.printMessage});
    }
    static void receiptNext(Session& s, const ev::Next&, Fx& out) {
        s.state_.screen = Screen::rating;
        out.push_back(fx::Speak{texts::kRatingQuestion});
    }

    // ---- rating ----
    static void rate(Session& s, const ev::Rate& e, Fx& out) {
        if (e.level < 1 || e.level > 5) {
            out.push_back(fx::LogBug{"Rate with level " + std::to_string(e.level)});
            return;
        }
        const std::string receiptNo = s.state_.receipt ? s.state_.receipt->receiptNo : std::string();
        out.push_back(fx::QueueRating{receiptNo, e.level});
        goHome(s, out, "rated", texts::kThanksForRating);
    }
    static void skipRating(Session& s, const ev::SkipRating&, Fx& out) {
        goHome(s, out, "finished", texts::kGoodbye);
    }
    static void ratingBack(Session& s, const ev::Back&, Fx&) { s.state_.screen = Screen::receipt; }

    template <typename E, void (*F)(Session&, const E&, Fx&)>
    static void call(Session& s, const Event& e, Fx& out) {
        F(s, std::get<E>(e), out);
    }
    template <typename E, void (*F)(Session&, const E&, Fx&)>
    static constexpr Row row(std::optional<Screen> screen) {
        return Row{screen, eventIndex<E>, &call<E, F>};
    }

    // The whole journey. Rows are tried in order; the first whose screen and event match runs.
    static const std::vector<Row>& table() {
        using S = Screen;
        constexpr std::optional<Screen> any;
        static const std::vector<Row> rows = {
            row<ev::Tick, tick>(any),
            row<ev::CatalogLoaded, catalogLoaded>(any),
            row<ev::DeviceHealthChanged, deviceHealth>(any),
            row<ev::WorkerFailed, workerFailed>(any),
            row<ev::ExtendTime, extend>(any),
            row<ev::Activity, ignore<ev::Activity>>(any),  // its whole effect is the activity time above
            row<ev::Home, ignoreWhileSubmitting>(S::submitting),
            row<ev::Home, home>(any),

            row<ev::StartApply, startApply>(S::home),
            row<ev::Back, unavailableBack>(S::unavailable),

            row<ev::SelectCategory, selectCategory>(S::catalog),
            row<ev::SearchInitials, searchInitials>(S::catalog),
            row<ev::PageNext, pageNext>(S::catalog),
            row<ev::PagePrevious, pagePrevious>(S::catalog),
            row<ev::SelectItem, selectItem>(S::catalog),
            row<ev::Back, catalogBack>(S::catalog),

            row<ev::StartItem, startItem>(S::item),
            row<ev::Back, itemBack>(S::item),

            row<ev::CardRead, cardRead>(S::identify),
            row<ev::CardReadFailed, cardReadFailed>(S::identify),
            row<ev::Back, identifyBack>(S::identify),

            row<ev::Input, input>(S::form),
            row<ev::Next, formNext>(S::form),
            row<ev::Back, formBack>(S::form),

            row<ev::EditField, editField>(S::review),
            row<ev::Submit, submit>(S::review),
            row<ev::Back, reviewBack>(S::review),

            row<ev::ApplicationQueued, queued>(S::submitting),
            row<ev::ApplicationSaveFailed, saveFailed>(S::submitting),
            row<ev::DeliveryReported, deliveryWhileSubmitting>(S::submitting),

            row<ev::DeliveryReported, deliveryOnReceipt>(S::receipt),
            row<ev::PrintFinished, printFinished>(S::receipt),
            row<ev::Next, receiptNext>(S::receipt),

            row<ev::Rate, rate>(S::rating),
            row<ev::SkipRating, skipRating>(S::rating),
            row<ev::Back, ratingBack>(S::rating),

            // Reports that may arrive after the citizen moved on are expected, not bugs.
            row<ev::DeliveryReported, ignore<ev::DeliveryReported>>(any),
            row<ev::PrintFinished, ignore<ev::PrintFinished>>(any),
            row<ev::CardRead, ignore<ev::CardRead>>(any),
            row<ev::CardReadFailed, ignore<ev::CardReadFailed>>(any),
        };
        return rows;
    }
};

Session::Session(SessionConfig config) : config_(config) {}

std::vector<Effect> Session::handle(const Event& event) {
    Fx out;
    if (isCitizenIntent(event)) {
        // While the idle countdown is showing, only its own buttons count.
        const bool dialogButton =
            std::holds_alternative<ev::ExtendTime>(event) || std::holds_alternative<ev::Home>(event);
        if (state_.idleWarning && !dialogButton)
            return out;
        state_.lastActivityMs = state_.steadyMs;
    }
    for (const auto& r : Transitions::table()) {
        if (r.event != event.index())
            continue;
        if (r.screen && *r.screen != state_.screen)
            continue;
        r.handler(*this, event, out);
        return out;
    }
    out.push_back(fx::LogBug{std::string("unhandled event ") + eventName(event) + " on screen " +
                             toString(state_.screen)});
    return out;
}

std::string ymdAt(std::int64_t ms, int utcOffsetMinutes) {
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    const std::int64_t localSeconds = ms / 1000 + static_cast<std::int64_t>(utcOffsetMinutes) * 60;
    std::int64_t z = (localSeconds >= 0 ? localSeconds : localSeconds - 86399) / 86400 + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", static_cast<int>(y), static_cast<int>(m),
                  static_cast<int>(d));
    return buf;
}

}  // namespace yimen::kiosk
