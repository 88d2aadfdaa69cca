// The state of one citizen's session: what the screens draw, and all the personal data the kiosk holds.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/catalog.h"
#include "common/identity.h"
#include "kiosk/core/apply_state.h"
#include "kiosk/core/device_status.h"
#include "kiosk/core/track_state.h"

namespace yimen::kiosk {

enum class Screen {
    home,
    unavailable,
    catalog,
    item,
    identify,
    form,
    review,
    submitting,
    receipt,
    rating,
    trackScan,     // 查询: hold the receipt's QR code to the scanner, or choose to type it
    trackEntry,    // 查询: the receipt number, then the query code, on a keypad
    trackWaiting,  // 查询: the platform is asked
    trackResult,   // 查询: the application's timeline
    rateLevel,     // 评价: five levels for the application found
    rateReasons,   // 评价: why 不满意 or 非常不满意
};
const char* toString(Screen screen);
// Every screen, in the enum's order.
inline constexpr Screen kAllScreens[] = {
    Screen::home,         Screen::unavailable, Screen::catalog,   Screen::item,
    Screen::identify,     Screen::form,        Screen::review,    Screen::submitting,
    Screen::receipt,      Screen::rating,      Screen::trackScan, Screen::trackEntry,
    Screen::trackWaiting, Screen::trackResult, Screen::rateLevel, Screen::rateReasons,
};

struct SessionConfig {
    std::int64_t idleWarnAfterMs = 60'000;  // no touch for this long: show the countdown
    std::int64_t countdownMs = 30'000;      // the visible countdown before the session is reset
    std::int64_t submitWaitMs = 8'000;   // wait this long for the platform before printing a "queued" receipt
    std::int64_t lookupWaitMs = 20'000;  // a lookup unanswered this long is given up: the platform is away
    int catalogPageSize = 6;
    int utcOffsetMinutes = 8 * 60;  // China Standard Time, for "today" in validation
};

struct IdleWarning {
    std::int64_t deadlineMs = 0;
    int secondsLeft = 0;
};

// The top-level machine's state, plus each journey's own (a journey adds its state struct as a base).
struct SessionState : ApplyState, TrackState {
    Screen screen = Screen::home;
    std::shared_ptr<const Catalog> catalog;
    std::int64_t nowMs = 0;           // wall clock: for what is shown (the date and time)
    std::int64_t steadyMs = 0;        // monotonic clock: every delay (idle, countdown, submit wait)
    std::int64_t lastActivityMs = 0;  // on the monotonic clock, as are the idle warning's deadline and
                                      // submitStartedMs
    std::optional<IdleWarning> idleWarning;
    std::string notice;  // a short line on Home after a session, e.g. 感谢您的评价
    std::map<std::string, DeviceStatus> devices;  // by device kind; a kind not listed is taken as working

    // Identification (the top-level machine's): who the citizen is, and why the last card read failed.
    std::optional<Identity> identity;
    std::string identifyMessage;

    const Item* item() const { return catalog ? catalog->item(itemId) : nullptr; }
    const FieldSpec* currentField() const;
    bool deviceUsable(const std::string& kind) const;
    // The items matching the category and initials filter, and the page of them on screen.
    std::vector<const Item*> filteredItems() const;
    std::vector<const Item*> pageItems(int pageSize) const;
    int pageCount(int pageSize) const;
};

// Overwrites and clears every piece of personal data in the state (identity, answers, draft, receipt).
void wipePersonalData(SessionState& state);

}  // namespace yimen::kiosk
