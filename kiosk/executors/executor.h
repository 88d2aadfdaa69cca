// What every executor is given by the composition root: where its outcomes go and what time it is.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

#include "kiosk/core/event.h"

namespace yimen::kiosk {

// The executors' borrowed view of the app. post() queues an event for the session (any thread; it must not
// block); wallMs() is the wall clock that is shown and stored (milliseconds since the Unix epoch; any
// thread).
struct ExecutorWiring {
    std::function<void(Event)> post;
    std::function<std::int64_t()> wallMs;
};

// The real wall clock in milliseconds since the Unix epoch: for what is stamped by the real time whatever
// clock the session is shown (the ledger's times, the catalog cache, the platform's receipt numbering).
inline std::int64_t systemWallMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace yimen::kiosk
