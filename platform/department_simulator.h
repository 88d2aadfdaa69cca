// The departments' stand-in for demos: every interval, each open application moves one step along its path.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "platform/application_store.h"

namespace yimen::platform {

// Runs on its own thread from construction until stop() or destruction. Non-copyable.
class DepartmentSimulator {
public:
    // Borrows `store` for its lifetime. The first step happens one `interval` after construction.
    DepartmentSimulator(ApplicationStore& store, std::chrono::milliseconds interval);
    ~DepartmentSimulator();
    DepartmentSimulator(const DepartmentSimulator&) = delete;
    DepartmentSimulator& operator=(const DepartmentSimulator&) = delete;

    // Stops and joins the thread. Idempotent.
    void stop();

private:
    void run();

    ApplicationStore& store_;
    const std::chrono::milliseconds interval_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace yimen::platform
