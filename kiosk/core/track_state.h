// The track journey's own state: the receipt being looked up, the lookup in flight and the platform's answer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/api/application.h"

namespace yimen::kiosk {

// Where the citizen is in typing a receipt: its number first, then its query code.
enum class TrackEntry { receiptNo, queryCode };
// What the receipt is found for: its timeline (查询), or to rate its application (评价).
enum class TrackPurpose { track, rate };

struct TrackState {
    TrackPurpose trackPurpose = TrackPurpose::track;
    TrackEntry trackEntry = TrackEntry::receiptNo;
    std::string trackDraft;  // the digits being typed for trackEntry
    // The receipt looked up. The query code is the key to the application: wiped with the session.
    std::string trackReceiptNo;
    std::string trackQueryCode;
    bool trackTyped = false;     // the receipt was typed (a failed lookup returns to the keypad), not scanned
    std::string trackMessage;    // why the last scan or lookup gave no timeline; empty when none
    std::uint64_t lookupId = 0;  // the lookup in flight or last made; an answer to an older one is dropped
    std::int64_t lookupStartedMs = 0;  // on the monotonic clock
    std::optional<api::ApplicationStatus> trackResult;

    // Rating the application found (评价): the level chosen, and for 不满意 or below the reasons ticked
    // (indices into texts::kRatingReasons).
    int rateLevel = 0;
    std::vector<int> rateReasons;
    std::string rateMessage;
};

// Overwrites and clears the journey's data (receipt, query code, the platform's answer).
void wipeTrackState(TrackState& state);

}  // namespace yimen::kiosk
