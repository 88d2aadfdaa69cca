// Helpers for the camera tests: a recorder of reported conditions and waiting for a condition with a limit.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "common/error.h"

namespace yimen::drivers::camera::test {

// Collects the conditions a CameraStream reports, from its thread.
class StatusLog {
public:
    void operator()(const Status& status) {
        {
            std::lock_guard lock(mutex_);
            entries_.push_back(status ? std::optional<ErrorCode>{}
                                      : std::optional<ErrorCode>{status.error().code});
        }
        changed_.notify_all();
    }
    // Waits (up to 10 s, a limit for a broken build, never reached when it works) until a report matches.
    bool waitFor(const std::function<bool(const std::optional<ErrorCode>&)>& match) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, std::chrono::seconds(10), [&] {
            for (const auto& entry : entries_) {
                if (match(entry)) {
                    return true;
                }
            }
            return false;
        });
    }
    bool waitForOk() {
        return waitFor([](const std::optional<ErrorCode>& e) { return !e.has_value(); });
    }
    bool waitForError(ErrorCode code) {
        return waitFor([code](const std::optional<ErrorCode>& e) { return e == code; });
    }
    void clear() {
        std::lock_guard lock(mutex_);
        entries_.clear();
    }
    std::vector<std::optional<ErrorCode>> entries() const {
        std::lock_guard lock(mutex_);
        return entries_;
    }

private:
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::optional<ErrorCode>> entries_;  // nullopt: ok
};

// Polls `condition` every millisecond for up to 10 s (a limit for a broken build only).
inline bool eventually(const std::function<bool()>& condition) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return condition();
}

}  // namespace yimen::drivers::camera::test
