// The rate journey's transition table and its handlers.
#include "kiosk/core/rate_journey.h"

#include <algorithm>
#include <iterator>

#include "kiosk/core/texts.h"
#include "kiosk/core/top_level.h"
#include "kiosk/core/track_journey.h"

namespace yimen::kiosk::core {

namespace {

using S = Screen;
constexpr std::optional<Screen> stay;
constexpr int kReasonCount = static_cast<int>(std::size(texts::kRatingReasons));

bool levelOutOfRange(const Step&, const ev::Rate& e) {
    return e.level < 1 || e.level > 5;
}
bool needsReasons(const Step&, const ev::Rate& e) {
    return e.level <= 2;
}
void askReasons(Step& s, const ev::Rate& e) {
    s.state.rateLevel = e.level;
    s.state.rateReasons.clear();
    s.state.rateMessage.clear();
    s.out.push_back(fx::Speak{texts::kRateReasonsTitle});
}

// Queues the rating and ends the session with the thanks.
void queueRating(Step& s, int level, std::vector<std::string> tags) {
    const std::string receiptNo =
        s.state.trackResult ? s.state.trackResult->receiptNo : s.state.trackReceiptNo;
    s.out.push_back(fx::QueueRating{receiptNo, level, std::move(tags)});
    endSession(s, "rated an application", texts::kThanksForRating);
}

void toggleReason(Step& s, const ev::ToggleReason& e) {
    std::vector<int>& chosen = s.state.rateReasons;
    s.state.rateMessage.clear();
    if (auto it = std::find(chosen.begin(), chosen.end(), e.index); it != chosen.end())
        chosen.erase(it);
    else
        chosen.push_back(e.index);
}
bool reasonOutOfRange(const Step&, const ev::ToggleReason& e) {
    return e.index < 0 || e.index >= kReasonCount;
}
bool noReason(const Step& s, const ev::Submit&) {
    return s.state.rateReasons.empty();
}
void submitWithReasons(Step& s, const ev::Submit&) {
    std::vector<int> chosen = s.state.rateReasons;
    std::sort(chosen.begin(), chosen.end());
    std::vector<std::string> tags;
    tags.reserve(chosen.size());
    for (int i : chosen) tags.emplace_back(texts::kRatingReasons[i]);
    queueRating(s, s.state.rateLevel, std::move(tags));
}

SessionTable buildTable() {
    SessionTable t;
    t.on<ev::StartRate>(S::home, S::trackScan,
                        [](Step& s, const ev::StartRate&) { startFindingReceipt(s, TrackPurpose::rate); });

    t.on<ev::Rate>(S::rateLevel, levelOutOfRange, stay,
                   [](Step& s, const ev::Rate& e) {
                       s.out.push_back(fx::LogBug{"Rate with level " + std::to_string(e.level)});
                   })
        .on<ev::Rate>(S::rateLevel, needsReasons, S::rateReasons, askReasons)
        .on<ev::Rate>(S::rateLevel, S::home, [](Step& s, const ev::Rate& e) { queueRating(s, e.level, {}); })
        .on<ev::Back>(S::rateLevel, S::trackScan, [](Step& s, const ev::Back&) { findAnotherReceipt(s); });

    t.on<ev::ToggleReason>(S::rateReasons, reasonOutOfRange, stay,
                           [](Step& s, const ev::ToggleReason& e) {
                               s.out.push_back(fx::LogBug{"ToggleReason " + std::to_string(e.index)});
                           })
        .on<ev::ToggleReason>(S::rateReasons, stay, toggleReason)
        .on<ev::Submit>(S::rateReasons, noReason, stay,
                        [](Step& s, const ev::Submit&) {
                            s.state.rateMessage = texts::kRateReasonNeeded;
                            s.out.push_back(fx::Speak{texts::kRateReasonNeeded});
                        })
        .on<ev::Submit>(S::rateReasons, S::home, submitWithReasons)
        .on<ev::Back>(S::rateReasons, S::rateLevel, [](Step& s, const ev::Back&) {
            s.state.rateReasons.clear();
            s.state.rateMessage.clear();
        });
    return t;
}

}  // namespace

void beginRating(Step& step) {
    step.state.rateLevel = 0;
    step.state.rateReasons.clear();
    step.state.rateMessage.clear();
    step.out.push_back(fx::Speak{texts::kRateQuestion});
}

const Journey& rateJourney() {
    static const Journey journey{
        "rate",
        {S::rateLevel, S::rateReasons},
        buildTable(),
        [](SessionState& st) {
            st.rateLevel = 0;
            st.rateReasons.clear();
            st.rateMessage.clear();
        },
    };
    return journey;
}

}  // namespace yimen::kiosk::core
