// A timer thread that advances open applications, so a demo's timeline fills by itself.
#include "platform/department_simulator.h"

#include "common/log.h"

namespace yimen::platform {

DepartmentSimulator::DepartmentSimulator(ApplicationStore& store, std::chrono::milliseconds interval)
    : store_(store), interval_(interval), thread_([this] { run(); }) {}

DepartmentSimulator::~DepartmentSimulator() {
    stop();
}

void DepartmentSimulator::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable())
        thread_.join();
}

void DepartmentSimulator::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        if (wake_.wait_for(lock, interval_, [this] { return stopping_; }))
            return;
        lock.unlock();
        Expected<int> moved = store_.advanceOpenApplications();
        if (!moved)
            log::error("departments", moved.error().describe());
        else if (*moved > 0)
            log::info("departments", "moved " + std::to_string(*moved) + " applications one step");
        lock.lock();
    }
}

}  // namespace yimen::platform
