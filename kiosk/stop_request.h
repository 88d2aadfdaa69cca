// A request to end the kiosk's loop, made by a signal (SIGTERM, SIGINT) or a test, that wakes the loop at
// once instead of being looked for on a timer.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

#include "common/error.h"
#include "common/worker.h"

namespace yimen::kiosk {

// Set once, never cleared. The loop that waits (the window's event wait) gives its waker; request() calls it.
class StopRequest {
public:
    // Whether stop was requested. Any thread.
    bool requested() const { return requested_.load(); }
    // Requests stop and calls the waker. Any thread, not a signal handler (see StopSignals).
    void request();
    // Who to wake on request() (nullptr: nobody); when stop was requested already, it is called at once. Any
    // thread; the waker runs on the thread that requests, so it must be quick and thread-safe.
    void setWaker(std::function<void()> wake);

private:
    std::atomic<bool> requested_{false};
    std::mutex mutex_;
    std::function<void()> wake_;
};

// While it lives, SIGTERM and SIGINT request `stop`. A signal handler may only write to a pipe: a thread of
// its own reads the pipe and calls stop.request(), so nothing is polled. One at a time in a process; the
// destructor restores the default handlers and joins its thread.
class StopSignals {
public:
    // Errors: io (the pipe), conflict (another StopSignals is alive).
    [[nodiscard]] static Expected<std::unique_ptr<StopSignals>> install(StopRequest& stop);
    ~StopSignals();
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

private:
    StopSignals(StopRequest& stop, int readFd, int writeFd);
    void watch(StopToken& token);

    StopRequest& stop_;
    const int readFd_;
    const int writeFd_;
    Worker worker_{"stop-signals"};
};

}  // namespace yimen::kiosk
