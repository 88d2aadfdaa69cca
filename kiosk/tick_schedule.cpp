// The session clock's tick schedule: every 250 ms at the screen, once a minute on Home.
#include "kiosk/tick_schedule.h"

#include <algorithm>

namespace yimen::kiosk {

namespace {

constexpr std::int64_t kMinuteMs = 60'000;

std::int64_t untilNextMinute(std::int64_t wallNow) {
    const std::int64_t intoMinute = ((wallNow % kMinuteMs) + kMinuteMs) % kMinuteMs;
    return kMinuteMs - intoMinute;
}

}  // namespace

std::int64_t TickSchedule::untilDue(bool onHome, std::int64_t steadyNow, std::int64_t wallNow) const {
    if (!lastSteady_)
        return 0;
    // On Home: when the minute after the last tick's turns (however late the loop wakes for it).
    std::int64_t due =
        onHome ? lastWall_ + untilNextMinute(lastWall_) - wallNow : kIntervalMs - (steadyNow - *lastSteady_);
    if (tickByWall_)
        due = std::min(due, *tickByWall_ - wallNow);
    return std::max<std::int64_t>(due, 0);
}

bool TickSchedule::stale(std::int64_t steadyNow) const {
    return !lastSteady_ || steadyNow - *lastSteady_ >= kIntervalMs;
}

void TickSchedule::ticked(std::int64_t steadyNow, std::int64_t wallNow) {
    lastSteady_ = steadyNow;
    lastWall_ = wallNow;
    if (tickByWall_ && *tickByWall_ <= wallNow)
        tickByWall_.reset();
}

void TickSchedule::reset() {
    lastSteady_.reset();
}

void TickSchedule::tickBy(std::int64_t wallMs) {
    tickByWall_ = tickByWall_ ? std::min(*tickByWall_, wallMs) : wallMs;
}

}  // namespace yimen::kiosk
