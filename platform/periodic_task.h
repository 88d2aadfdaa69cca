// A job that runs on its own thread at a fixed interval until it is stopped.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace yimen::platform {

// Calls `job` every `interval` on its own thread, from construction until stop() or destruction; the first
// call comes one interval after construction. `job` must not throw (an exception is logged and the task goes
// on). Non-copyable.
class PeriodicTask {
public:
    // `name` is the log component of a failure.
    PeriodicTask(std::string name, std::chrono::milliseconds interval, std::function<void()> job);
    ~PeriodicTask();
    PeriodicTask(const PeriodicTask&) = delete;
    PeriodicTask& operator=(const PeriodicTask&) = delete;

    // Stops and joins the thread, waiting for a running job to end. Idempotent; not from inside the job.
    void stop();

private:
    void run();

    const std::string name_;
    const std::chrono::milliseconds interval_;
    const std::function<void()> job_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace yimen::platform
