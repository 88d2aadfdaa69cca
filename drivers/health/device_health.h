// Each device's health (ok, degraded with a reason, absent) and the board that keeps it and tells a listener
// of every change.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "common/error.h"
#include "drivers/config/device_spec.h"

namespace yimen::drivers::health {

using config::DeviceKind;

enum class HealthState {
    ok,        // works
    degraded,  // there but not working: the reason says why (paper out, SAM fault, in use by another program)
    absent,    // not plugged in, or not found
};

// "ok", "degraded", "absent".
const char* toString(HealthState state);

struct DeviceHealth {
    DeviceKind kind = DeviceKind::cardReader;
    HealthState state = HealthState::absent;
    std::string reason;  // empty when ok; otherwise a sentence for the technician screen and the heartbeat
    friend bool operator==(const DeviceHealth&, const DeviceHealth&) = default;
};

// What a driver call's outcome says about the device: ok; unavailable or notFound → absent; any other error
// → degraded; the reason is the error's message.
DeviceHealth healthOf(DeviceKind kind, const Status& outcome);

// Hears every change of a device's health. Runs on the thread that made the change, in the order of the
// changes; it must only post (an event to the core's queue) and never call back into the board.
using HealthListener = std::function<void(const DeviceHealth&)>;

// The current health of every tracked device. Thread-safe.
class HealthBoard {
public:
    explicit HealthBoard(HealthListener listener = {});

    // Starts tracking `kind` as absent ("not found yet") unless it is tracked already. No event.
    void track(DeviceKind kind);
    // Records `health`; when it differs from what the board held (or the device was untracked) the listener
    // hears it. Returns whether it changed.
    bool update(const DeviceHealth& health);

    // An untracked device reads as absent, "not configured".
    DeviceHealth health(DeviceKind kind) const;
    std::vector<DeviceHealth> all() const;

private:
    const HealthListener listener_;
    mutable std::mutex mutex_;
    std::map<DeviceKind, DeviceHealth> devices_;
};

}  // namespace yimen::drivers::health
