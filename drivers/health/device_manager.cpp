// The device manager's thread: hot-plug notices first, then the probes that are due, sleeping until the next.
#include "drivers/health/device_manager.h"

#include <algorithm>

#include "common/log.h"

namespace yimen::drivers::health {

DeviceManager::DeviceManager(usb::UsbBus* bus, HealthBoard& board, DeviceManagerOptions options)
    : bus_(bus), board_(board), options_(options) {}

DeviceManager::~DeviceManager() {
    stop();
}

void DeviceManager::stop() {
    // Unsubscribe first, so no bus thread posts to a manager that is going.
    watch_.reset();
    worker_.stop();
}

Status DeviceManager::add(ManagedDevice device) {
    {
        std::lock_guard lock(mutex_);
        if (started_) {
            return fail(ErrorCode::conflict, std::string("cannot add the ") + toString(device.kind) +
                                                 " to a running device manager");
        }
        entries_.push_back({device, std::nullopt});
    }
    board_.track(device.kind);
    return {};
}

Status DeviceManager::start() {
    {
        std::lock_guard lock(mutex_);
        if (started_) {
            return fail(ErrorCode::conflict, "the device manager is already running");
        }
        started_ = true;
        const auto now = std::chrono::steady_clock::now();
        for (Entry& entry : entries_) {
            if (entry.device.probe) {
                entry.nextProbe = now;
            }
        }
    }
    worker_.start([this](StopToken& stop) { run(stop); });
    if (bus_ == nullptr) {
        return {};
    }
    auto watch = bus_->watch([this](usb::HotplugEvent event, const usb::UsbDeviceInfo& info) {
        {
            std::lock_guard lock(mutex_);
            notices_.push_back({event, info});
        }
        worker_.wake();
    });
    if (!watch) {
        return fail(watch.error().withContext("watching USB for hot-plug"));
    }
    watch_ = std::move(*watch);
    return {};
}

void DeviceManager::report(DeviceKind kind, const Status& outcome) {
    board_.update(healthOf(kind, outcome));
    if (outcome) {
        return;
    }
    bool scheduled = false;
    {
        std::lock_guard lock(mutex_);
        for (Entry& entry : entries_) {
            if (entry.device.kind == kind && entry.device.probe) {
                scheduleLocked(entry, intervalAfter(false));
                scheduled = true;
            }
        }
    }
    if (scheduled) {
        worker_.wake();
    }
}

std::optional<Timeout> DeviceManager::intervalAfter(bool healthy) const {
    if (!healthy) {
        return options_.retryInterval;
    }
    if (options_.checkInterval.count() > 0) {
        return options_.checkInterval;
    }
    return std::nullopt;
}

void DeviceManager::scheduleLocked(Entry& entry, std::optional<Timeout> after) {
    if (!after) {
        return;
    }
    const auto next = std::chrono::steady_clock::now() + *after;
    if (entry.nextProbe && *entry.nextProbe <= next) {
        return;
    }
    entry.nextProbe = next;
}

void DeviceManager::handle(const Notice& notice) {
    std::vector<std::function<void()>> arrivals;
    std::vector<DeviceKind> departed;
    {
        std::lock_guard lock(mutex_);
        for (Entry& entry : entries_) {
            if (!entry.device.matches || !entry.device.matches(notice.info)) {
                continue;
            }
            if (notice.event == usb::HotplugEvent::arrived) {
                if (entry.device.onArrival) {
                    arrivals.push_back(entry.device.onArrival);
                }
                if (entry.device.probe) {
                    entry.nextProbe = std::chrono::steady_clock::now();
                    entry.arrivalAttemptsLeft = options_.arrivalAttempts;
                }
            } else {
                departed.push_back(entry.device.kind);
                if (entry.device.probe) {
                    entry.arrivalAttemptsLeft = 0;
                    scheduleLocked(entry, intervalAfter(false));
                }
            }
        }
    }
    for (const DeviceKind kind : departed) {
        log::info("devices", std::string(toString(kind)) + " unplugged");
        board_.update({kind, HealthState::absent, "unplugged"});
    }
    for (const auto& wakeDevice : arrivals) {
        wakeDevice();
    }
}

void DeviceManager::probe(Entry& entry) {
    // Outside the lock: a probe talks to the device and may take its full timeout.
    const Status outcome = entry.device.probe();
    const DeviceHealth health = healthOf(entry.device.kind, outcome);
    if (board_.update(health)) {
        log::info("devices", std::string(toString(entry.device.kind)) + ": " + toString(health.state) +
                                 (health.reason.empty() ? "" : " (" + health.reason + ")"));
    }
    std::lock_guard lock(mutex_);
    std::optional<Timeout> after = intervalAfter(outcome.hasValue());
    if (outcome) {
        entry.arrivalAttemptsLeft = 0;
    } else if (entry.arrivalAttemptsLeft > 0) {
        --entry.arrivalAttemptsLeft;
        after = std::min(*after, options_.arrivalRetryInterval);
    }
    // A failure reported while the probe ran may have planned an earlier probe: it stays.
    scheduleLocked(entry, after);
}

void DeviceManager::run(StopToken& stop) {
    std::unique_lock lock(mutex_);
    while (!stop.stopRequested()) {
        if (!notices_.empty()) {
            const Notice notice = std::move(notices_.front());
            notices_.pop_front();
            lock.unlock();
            handle(notice);
            lock.lock();
            continue;
        }
        const auto now = std::chrono::steady_clock::now();
        Entry* due = nullptr;
        std::optional<std::chrono::steady_clock::time_point> earliest;
        for (Entry& entry : entries_) {
            if (!entry.nextProbe) {
                continue;
            }
            if (*entry.nextProbe <= now && (due == nullptr || *entry.nextProbe < *due->nextProbe)) {
                due = &entry;
            }
            if (!earliest || *entry.nextProbe < *earliest) {
                earliest = entry.nextProbe;
            }
        }
        if (due != nullptr) {
            due->nextProbe.reset();
            // Entries are only added before start(), so the pointer stays valid while unlocked.
            lock.unlock();
            probe(*due);
            lock.lock();
            continue;
        }
        lock.unlock();
        // With nothing planned only a notice, a report or stop() can wake the thread.
        const bool running = earliest ? stop.waitUntil(*earliest) : stop.waitFor(std::chrono::hours(24));
        if (!running) {
            return;
        }
        lock.lock();
    }
}

}  // namespace yimen::drivers::health
