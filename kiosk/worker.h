// A named background thread that runs until stopped, reports its death and is restarted with back-off.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace yimen::kiosk {

// Runs `body` on its own thread. body waits with waitFor() so that stop() is prompt, and returns once
// waitFor() says the worker is stopping. When body throws, the exception never leaves the thread: onDeath
// hears (name, what) on the worker's thread, and body runs again after a back-off that doubles from
// `firstBackoff` up to `maxBackoff` (reset once body has run for a minute). Not copyable.
class Worker {
public:
    using Body = std::function<void(Worker&)>;
    using OnDeath = std::function<void(const std::string& name, const std::string& what)>;

    explicit Worker(std::string name, std::chrono::milliseconds firstBackoff = std::chrono::milliseconds(200),
                    std::chrono::milliseconds maxBackoff = std::chrono::seconds(30));
    ~Worker();  // stops and joins
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    // Sets who hears a death; call before start().
    void onDeath(OnDeath listener) { onDeath_ = std::move(listener); }
    // Starts the thread. Call once.
    void start(Body body);
    // Waits up to `d` or until woken; false once stopping. The worker's thread.
    bool waitFor(std::chrono::milliseconds d);
    // Ends a waitFor() early. Any thread.
    void wake();
    // Asks the body to return and joins the thread. Any thread but the worker's; idempotent.
    void stop();
    bool stopping();
    const std::string& name() const { return name_; }
    // How many times body was started again after a death. Any thread.
    int restarts();

private:
    void run(const Body& body);

    const std::string name_;
    const std::chrono::milliseconds firstBackoff_;
    const std::chrono::milliseconds maxBackoff_;
    OnDeath onDeath_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
    bool woken_ = false;
    int restarts_ = 0;
    std::thread thread_;
};

}  // namespace yimen::kiosk
