// The citizen's session: pure and synchronous (state + event -> state + effects).
#pragma once

#include <vector>

#include "kiosk/core/effect.h"
#include "kiosk/core/event.h"
#include "kiosk/core/session_state.h"

namespace yimen::kiosk {

// Not thread-safe: lives on the main thread and is fed from the one event queue.
// Every transition is a row of a table in kiosk/core/ (the top-level machine's, or a journey's); an event
// declared unexpected in the current screen changes nothing and yields fx::LogBug.
class Session {
public:
    explicit Session(SessionConfig config = {});

    // Applies one event; returns the effects the shell must carry out, in order.
    std::vector<Effect> handle(const Event& event);

    const SessionState& state() const { return state_; }
    const SessionConfig& config() const { return config_; }

private:
    SessionConfig config_;
    SessionState state_;
    std::shared_ptr<const Catalog> pendingCatalog_;  // arrived mid-session; applies from Home
};

// YYYYMMDD of the instant `ms` (Unix epoch) at a fixed UTC offset.
std::string ymdAt(std::int64_t ms, int utcOffsetMinutes);

}  // namespace yimen::kiosk
