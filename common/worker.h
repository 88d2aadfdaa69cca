// The one background thread of the project: a loop with a cancellable wait, a wake, stop and join, a death
// that is reported and followed by a restart, and the periodic timer built on it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace yimen {

class Worker;

// What a worker's loop holds to wait and to learn that it should return. Used on the worker's thread only.
class StopToken {
public:
    // Waits up to `d`, or until wake() or stop(); false once stop was requested (at once, whatever `d`).
    bool waitFor(std::chrono::steady_clock::duration d);
    // Waits until `deadline`, or until wake() or stop(); false once stop was requested.
    bool waitUntil(std::chrono::steady_clock::time_point deadline);
    // Whether stop() was called. Does not wait.
    bool stopRequested() const;

private:
    friend class Worker;
    explicit StopToken(Worker& worker) : worker_(worker) {}
    Worker& worker_;
};

// Runs `loop` on its own thread from start() until stop() (or the destructor). The loop waits with its
// StopToken so that stop() is prompt, and returns once the token says stop was requested.
//
// An exception never leaves the thread: when the loop throws, the failure is logged, kept as lastFailure(),
// handed to onDeath (name, what) on the worker's thread, and the loop runs again after a back-off that
// doubles from `firstBackoff` up to `maxBackoff` (reset once the loop has run for a minute). A worker
// stopped during the back-off does not run the loop again. Not copyable, not movable.
class Worker {
public:
    using Loop = std::function<void(StopToken&)>;
    using OnDeath = std::function<void(const std::string& name, const std::string& what)>;

    explicit Worker(std::string name, std::chrono::milliseconds firstBackoff = std::chrono::milliseconds(200),
                    std::chrono::milliseconds maxBackoff = std::chrono::seconds(30));
    ~Worker();  // stop()
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    // Sets who hears a death; call before start(). The listener runs on the worker's thread; what it
    // throws is logged and dropped.
    void onDeath(OnDeath listener) { onDeath_ = std::move(listener); }
    // Starts the thread running `loop`. Call once, before stop().
    void start(Loop loop);
    // Ends the loop's current wait early (the wait returns true). Any thread; a wake with no wait pending
    // ends the next wait at once.
    void wake();
    // Requests stop and wakes the loop's wait, without joining: for a loop that must also be woken from
    // elsewhere (a library's event wait) before stop() joins it. Idempotent; any thread.
    void requestStop();
    // Requests stop, wakes the loop and joins the thread. Idempotent; any thread. From the worker's own
    // thread it only requests (the thread cannot join itself).
    void stop();
    // Whether stop() was called. Any thread.
    bool stopRequested() const;
    const std::string& name() const { return name_; }
    // How many times the loop was started again after a death. Any thread.
    int restarts() const;
    // What the last death said, if the loop ever threw. Any thread.
    std::optional<std::string> lastFailure() const;

private:
    friend class StopToken;
    void run(const Loop& loop);
    bool waitUntil(std::chrono::steady_clock::time_point deadline);

    const std::string name_;
    const std::chrono::milliseconds firstBackoff_;
    const std::chrono::milliseconds maxBackoff_;
    OnDeath onDeath_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
    bool woken_ = false;
    int restarts_ = 0;
    std::optional<std::string> lastFailure_;
    std::thread thread_;
};

// Calls `job` every `period` on its own Worker, from construction until stop() or destruction; the first
// call comes one period after construction. A job that throws is logged (under `name`) and the next call
// comes one period later, as usual. Not copyable.
class PeriodicTask {
public:
    PeriodicTask(std::string name, std::chrono::milliseconds period, std::function<void()> job);
    ~PeriodicTask();  // stop()
    PeriodicTask(const PeriodicTask&) = delete;
    PeriodicTask& operator=(const PeriodicTask&) = delete;

    // Stops and joins, waiting for a running job to end. Idempotent; not from inside the job.
    void stop();
    // How many times the job has been called. Any thread.
    std::int64_t runs() const;

private:
    const std::string name_;
    const std::chrono::milliseconds period_;
    const std::function<void()> job_;
    mutable std::mutex mutex_;
    std::int64_t runs_ = 0;
    Worker worker_;
};

}  // namespace yimen
