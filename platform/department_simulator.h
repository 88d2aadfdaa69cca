// The departments' stand-in for demos: every interval, each open application moves one step along its path.
#pragma once

#include <chrono>

#include "common/worker.h"
#include "platform/application_store.h"

namespace yimen::platform {

// Runs on its own PeriodicTask from construction until stop() or destruction. Non-copyable.
class DepartmentSimulator {
public:
    // Borrows `store` for its lifetime. The first step happens one `interval` after construction.
    DepartmentSimulator(ApplicationStore& store, std::chrono::milliseconds interval);
    DepartmentSimulator(const DepartmentSimulator&) = delete;
    DepartmentSimulator& operator=(const DepartmentSimulator&) = delete;

    // Stops and joins the thread. Idempotent.
    void stop() { task_.stop(); }

private:
    void step();

    ApplicationStore& store_;
    PeriodicTask task_;
};

}  // namespace yimen::platform
