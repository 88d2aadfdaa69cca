// When the session's clock ticks: the loop's one timer. Pure; the main thread's.
#pragma once

#include <cstdint>
#include <optional>

namespace yimen::kiosk {

// The session needs a tick (ev::Tick) every 250 ms of the monotonic clock while a citizen is at the screen
// (the idle warning, its countdown, the submit wait, the spinner). On Home only the clock changes, so Home
// ticks when the shown minute turns, or sooner when a screen asked for a tick at a given time (a toast that
// goes away). All times are the session's: milliseconds on the steady and the wall clock, as ev::Tick carries
// them.
class TickSchedule {
public:
    static constexpr std::int64_t kIntervalMs = 250;

    // Milliseconds until the next tick is due (0: due now). `onHome`: the session shows Home.
    [[nodiscard]] std::int64_t untilDue(bool onHome, std::int64_t steadyNow, std::int64_t wallNow) const;
    // Whether the last tick is older than kIntervalMs: an event is handled on a clock at most that stale.
    [[nodiscard]] bool stale(std::int64_t steadyNow) const;
    // A tick was dispatched at `steadyNow` (wall time `wallNow`).
    void ticked(std::int64_t steadyNow, std::int64_t wallNow);
    // The next tick is due at once (the clock was moved or replaced).
    void reset();
    // Asks for a tick no later than wall time `wallMs`, on any screen.
    void tickBy(std::int64_t wallMs);

private:
    std::optional<std::int64_t> lastSteady_;
    std::int64_t lastWall_ = 0;
    std::optional<std::int64_t> tickByWall_;
};

}  // namespace yimen::kiosk
