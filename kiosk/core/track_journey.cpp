// The track journey's transition table and its handlers.
#include "kiosk/core/track_journey.h"

#include <algorithm>

#include "kiosk/core/privacy.h"
#include "kiosk/core/rate_journey.h"
#include "kiosk/core/texts.h"
#include "kiosk/core/top_level.h"

namespace yimen::kiosk {

void wipeTrackState(TrackState& st) {
    secureClear(st.trackDraft);
    secureClear(st.trackReceiptNo);
    secureClear(st.trackQueryCode);
    st.trackPurpose = TrackPurpose::track;
    st.trackEntry = TrackEntry::receiptNo;
    st.trackTyped = false;
    st.rateLevel = 0;
    st.rateReasons.clear();
    st.rateMessage.clear();
    st.trackMessage.clear();
    st.trackResult.reset();
    // lookupId keeps counting: an answer to a lookup of an ended session is never taken for a new one.
}

}  // namespace yimen::kiosk

namespace yimen::kiosk::core {

namespace {

using S = Screen;
constexpr std::optional<Screen> stay;

constexpr std::size_t kReceiptDigits = 14;  // after "YM"
constexpr std::size_t kQueryCodeDigits = 6;

// ---- shared steps ----
void wantScans(Step& s, bool wanted) {
    s.out.push_back(fx::WantScans{wanted});
}

void toScan(Step& s, std::string message) {
    SessionState& st = s.state;
    st.trackMessage = std::move(message);
    st.trackResult.reset();
    wantScans(s, true);
    const char* prompt =
        st.trackPurpose == TrackPurpose::rate ? texts::kScanToRate : texts::kScanReceiptPrompt;
    s.out.push_back(fx::Speak{st.trackMessage.empty() ? prompt : st.trackMessage});
}

void lookUp(Step& s, std::string receiptNo, std::string queryCode, bool typed) {
    SessionState& st = s.state;
    st.trackReceiptNo = std::move(receiptNo);
    st.trackQueryCode = std::move(queryCode);
    st.trackTyped = typed;
    st.trackMessage.clear();
    st.trackResult.reset();
    st.lookupStartedMs = st.steadyMs;
    ++st.lookupId;
    s.out.push_back(fx::LookUpApplication{st.lookupId, st.trackReceiptNo, st.trackQueryCode});
    s.out.push_back(fx::Speak{texts::kLookingUp});
}

// After a lookup that gave no timeline the citizen goes back to the keypad with the code to correct (typed),
// or to the scanner (scanned), with the reason.
void lookupFailed(Step& s, const std::string& message) {
    SessionState& st = s.state;
    secureClear(st.trackQueryCode);
    if (st.trackTyped) {
        st.trackEntry = TrackEntry::queryCode;
        secureClear(st.trackDraft);
        st.trackMessage = message;
        s.out.push_back(fx::Speak{message});
        return;
    }
    toScan(s, message);
}

// ---- scanning ----
bool isOurReceipt(const Step&, const ev::Scanned& e) {
    return parseReceiptQr(e.text).has_value();
}
void scannedReceipt(Step& s, const ev::Scanned& e) {
    s.state.notice.clear();
    if (s.state.screen == S::home)
        s.state.trackPurpose = TrackPurpose::track;  // a receipt held up on Home is tracked
    if (s.state.screen == S::trackScan)
        wantScans(s, false);
    ReceiptKey key = *parseReceiptQr(e.text);
    lookUp(s, std::move(key.receiptNo), std::move(key.queryCode), false);
}
void scannedOther(Step& s, const ev::Scanned&) {
    s.state.notice.clear();
    s.out.push_back(fx::Audit{"scan_refused", "not a receipt code"});
    toScan(s, texts::kNotOurCode);
}

// ---- typing ----
void typeReceipt(Step& s, const ev::TypeReceipt&) {
    SessionState& st = s.state;
    wantScans(s, false);
    st.trackEntry = TrackEntry::receiptNo;
    st.trackMessage.clear();
    secureClear(st.trackDraft);
    s.out.push_back(fx::Speak{texts::kEnterReceiptNo});
}
void input(Step& s, const ev::Input& e) {
    SessionState& st = s.state;
    const std::size_t limit = st.trackEntry == TrackEntry::receiptNo ? kReceiptDigits : kQueryCodeDigits;
    std::string digits;
    for (char c : e.value)
        if (c >= '0' && c <= '9' && digits.size() < limit)
            digits += c;
    secureClear(st.trackDraft);
    st.trackDraft = std::move(digits);
    st.trackMessage.clear();
}
bool entryIncomplete(const Step& s, const ev::Next&) {
    const SessionState& st = s.state;
    return st.trackEntry == TrackEntry::receiptNo ? !isReceiptNo("YM" + st.trackDraft)
                                                  : !isQueryCode(st.trackDraft);
}
void showEntryProblem(Step& s, const ev::Next&) {
    SessionState& st = s.state;
    st.trackMessage =
        st.trackEntry == TrackEntry::receiptNo ? texts::kReceiptNoIncomplete : texts::kQueryCodeIncomplete;
    s.out.push_back(fx::Speak{st.trackMessage});
}
bool onReceiptNo(const Step& s, const ev::Next&) {
    return s.state.trackEntry == TrackEntry::receiptNo;
}
void toQueryCode(Step& s, const ev::Next&) {
    SessionState& st = s.state;
    st.trackReceiptNo = "YM" + st.trackDraft;
    secureClear(st.trackDraft);
    st.trackEntry = TrackEntry::queryCode;
    s.out.push_back(fx::Speak{texts::kEnterQueryCode});
}
void lookUpTyped(Step& s, const ev::Next&) {
    SessionState& st = s.state;
    std::string code = st.trackDraft;
    secureClear(st.trackDraft);
    lookUp(s, st.trackReceiptNo, std::move(code), true);
}
bool onQueryCode(const Step& s, const ev::Back&) {
    return s.state.trackEntry == TrackEntry::queryCode;
}
void backToReceiptNo(Step& s, const ev::Back&) {
    SessionState& st = s.state;
    st.trackEntry = TrackEntry::receiptNo;
    st.trackMessage.clear();
    secureClear(st.trackDraft);
    if (st.trackReceiptNo.size() == 2 + kReceiptDigits)
        st.trackDraft = st.trackReceiptNo.substr(2);
}

// ---- the answer ----
bool answersThisLookup(const Step& s, const ev::LookupAnswered& e) {
    return e.lookupId == s.state.lookupId;
}
bool found(const Step& s, const ev::LookupAnswered& e) {
    return answersThisLookup(s, e) && e.result == ev::LookupAnswered::Result::found;
}
bool foundToRate(const Step& s, const ev::LookupAnswered& e) {
    return found(s, e) && s.state.trackPurpose == TrackPurpose::rate;
}
bool ratedBefore(const Step& s, const ev::LookupAnswered& e) {
    return foundToRate(s, e) && !e.status.ratedAt.empty();
}
void showTimeline(Step& s, const ev::LookupAnswered& e) {
    SessionState& st = s.state;
    secureClear(st.trackQueryCode);
    st.trackResult = e.status;
    st.trackMessage.clear();
    s.out.push_back(
        fx::Speak{std::string(texts::kCurrentState) + texts::kLabelSeparator + e.status.statusText});
}
void notShown(Step& s, const ev::LookupAnswered& e) {
    using R = ev::LookupAnswered::Result;
    switch (e.result) {
    case R::notFound:
    case R::throttled:
        // The platform's own words: it never says whether the receipt or the code was wrong.
        lookupFailed(s, e.message.empty() ? texts::kTrackFailed : e.message);
        return;
    case R::unreachable: lookupFailed(s, texts::kTrackUnreachable); return;
    case R::found:
    case R::failed: break;
    }
    lookupFailed(s, texts::kTrackFailed);
}
bool lookupOverdue(const Step& s, const ev::Tick&) {
    return s.state.steadyMs - s.state.lookupStartedMs >= s.config.lookupWaitMs;
}
void giveUpLookup(Step& s, const ev::Tick&) {
    ++s.state.lookupId;  // a late answer is for a lookup the citizen no longer waits for
    s.out.push_back(fx::Audit{"lookup_given_up", "no answer from the platform"});
    lookupFailed(s, texts::kTrackUnreachable);
}

SessionTable buildTable() {
    SessionTable t;
    t.on<ev::StartTrack>(S::home, S::trackScan,
                         [](Step& s, const ev::StartTrack&) { startFindingReceipt(s, TrackPurpose::track); });

    // A receipt's code held to the scanner on Home or anywhere in this journey looks it up at once.
    for (const S from : {S::home, S::trackScan, S::trackEntry, S::trackResult})
        t.on<ev::Scanned>(from, isOurReceipt, S::trackWaiting, scannedReceipt)
            .on<ev::Scanned>(from, S::trackScan, scannedOther);
    t.ignore<ev::Scanned>(S::trackWaiting);  // one lookup at a time

    t.on<ev::TypeReceipt>(S::trackScan, S::trackEntry, typeReceipt)
        .on<ev::Back>(S::trackScan, S::home,
                      [](Step& s, const ev::Back&) { endSession(s, "left tracking"); });

    t.on<ev::Input>(S::trackEntry, stay, input)
        .on<ev::Next>(S::trackEntry, entryIncomplete, stay, showEntryProblem)
        .on<ev::Next>(S::trackEntry, onReceiptNo, stay, toQueryCode)
        .on<ev::Next>(S::trackEntry, S::trackWaiting, lookUpTyped)
        .on<ev::Back>(S::trackEntry, onQueryCode, stay, backToReceiptNo)
        .on<ev::Back>(S::trackEntry, S::trackScan, [](Step& s, const ev::Back&) { toScan(s, {}); });

    const auto typedAnswer = [](const Step& s, const ev::LookupAnswered& e) {
        return answersThisLookup(s, e) && s.state.trackTyped;
    };
    const auto typedOverdue = [](const Step& s, const ev::Tick& e) {
        return lookupOverdue(s, e) && s.state.trackTyped;
    };
    t.on<ev::LookupAnswered>(S::trackWaiting, ratedBefore, S::trackScan,
                             [](Step& s, const ev::LookupAnswered&) {
                                 secureClear(s.state.trackQueryCode);
                                 toScan(s, texts::kAlreadyRated);
                             })
        .on<ev::LookupAnswered>(S::trackWaiting, foundToRate, S::rateLevel,
                                [](Step& s, const ev::LookupAnswered& e) {
                                    showTimeline(s, e);
                                    beginRating(s);
                                })
        .on<ev::LookupAnswered>(S::trackWaiting, found, S::trackResult, showTimeline)
        .on<ev::LookupAnswered>(S::trackWaiting, typedAnswer, S::trackEntry, notShown)
        .on<ev::LookupAnswered>(S::trackWaiting, answersThisLookup, S::trackScan, notShown)
        .on<ev::Tick>(S::trackWaiting, typedOverdue, S::trackEntry, giveUpLookup)
        .on<ev::Tick>(S::trackWaiting, lookupOverdue, S::trackScan, giveUpLookup)
        .ignore<ev::Back>(S::trackWaiting);

    t.on<ev::Next>(S::trackResult, S::home, [](Step& s, const ev::Next&) {
         endSession(s, "finished tracking", texts::kGoodbye);
     }).on<ev::Back>(S::trackResult, S::trackScan, [](Step& s, const ev::Back&) { findAnotherReceipt(s); });
    return t;
}

}  // namespace

void startFindingReceipt(Step& step, TrackPurpose purpose) {
    step.state.notice.clear();
    wipeTrackState(step.state);
    step.state.trackPurpose = purpose;
    toScan(step, {});
}

void findAnotherReceipt(Step& step) {
    const TrackPurpose purpose = step.state.trackPurpose;
    startFindingReceipt(step, purpose);
}

const Journey& trackJourney() {
    static const Journey journey{
        "track",
        {S::trackScan, S::trackEntry, S::trackWaiting, S::trackResult},
        buildTable(),
        [](SessionState& st) { wipeTrackState(st); },
    };
    return journey;
}

}  // namespace yimen::kiosk::core
