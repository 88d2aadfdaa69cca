// A periodic step that advances open applications, so a demo's timeline fills by itself.
#include "platform/department_simulator.h"

#include "common/log.h"

namespace yimen::platform {

DepartmentSimulator::DepartmentSimulator(ApplicationStore& store, std::chrono::milliseconds interval)
    : store_(store), task_("departments", interval, [this] { step(); }) {}

void DepartmentSimulator::step() {
    Expected<int> moved = store_.advanceOpenApplications();
    if (!moved)
        log::error("departments", moved.error().describe());
    else if (*moved > 0)
        log::info("departments", "moved " + std::to_string(*moved) + " applications one step");
}

}  // namespace yimen::platform
