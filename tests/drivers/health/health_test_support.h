// Helpers for the health tests: a listener that records health events, and waiting with a limit.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <vector>

#include "drivers/health/device_health.h"

namespace yimen::drivers::health::test {

// Records the events a HealthBoard sends, from any thread.
class EventLog {
public:
    HealthListener listener() {
        return [this](const DeviceHealth& health) {
            {
                std::lock_guard lock(mutex_);
                events_.push_back(health);
            }
            changed_.notify_all();
        };
    }
    // Waits until the latest event for `kind` has `state` (10 s: a limit for a broken build only).
    bool waitFor(DeviceKind kind, HealthState state) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, std::chrono::seconds(10), [&] {
            for (auto it = events_.rbegin(); it != events_.rend(); ++it) {
                if (it->kind == kind) {
                    return it->state == state;
                }
            }
            return false;
        });
    }
    std::vector<HealthState> states(DeviceKind kind) const {
        std::lock_guard lock(mutex_);
        std::vector<HealthState> out;
        for (const DeviceHealth& event : events_) {
            if (event.kind == kind) {
                out.push_back(event.state);
            }
        }
        return out;
    }
    std::vector<DeviceHealth> events() const {
        std::lock_guard lock(mutex_);
        return events_;
    }

private:
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<DeviceHealth> events_;
};

}  // namespace yimen::drivers::health::test
