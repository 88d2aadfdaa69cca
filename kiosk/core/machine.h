// What the session's machines share: the context a row works on, the table type, and a journey's
// registration with the top-level machine.
#pragma once

#include <memory>
#include <vector>

#include "kiosk/core/effect.h"
#include "kiosk/core/event.h"
#include "kiosk/core/session_state.h"
#include "kiosk/core/transition_table.h"

namespace yimen::kiosk::core {

// One event being handled: the state, the configuration, and the effects collected so far.
struct Step {
    SessionState& state;
    const SessionConfig& config;
    std::shared_ptr<const Catalog>& pendingCatalog;  // arrived mid-session; applies from Home
    std::vector<Effect>& out;
};

using SessionTable = TransitionTable<Screen, Step, Event>;

// A journey is a sub-machine: its screens, its table (tried before the top level's in its screens), and
// the wipe of its own state. Its rows name their source screen: a row from Home starts the journey.
struct Journey {
    const char* name;
    std::vector<Screen> screens;
    SessionTable table;
    void (*wipe)(SessionState& state);
};

}  // namespace yimen::kiosk::core
