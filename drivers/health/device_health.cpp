// Health states, the outcome-to-health mapping, and the board.
#include "drivers/health/device_health.h"

namespace yimen::drivers::health {

const char* toString(HealthState state) {
    switch (state) {
    case HealthState::ok: return "ok";
    case HealthState::degraded: return "degraded";
    case HealthState::absent: return "absent";
    }
    return "unknown";
}

DeviceHealth healthOf(DeviceKind kind, const Status& outcome) {
    if (outcome) {
        return {kind, HealthState::ok, {}};
    }
    const ErrorCode code = outcome.error().code;
    const bool gone = code == ErrorCode::unavailable || code == ErrorCode::notFound;
    return {kind, gone ? HealthState::absent : HealthState::degraded, outcome.error().message};
}

HealthBoard::HealthBoard(HealthListener listener) : listener_(std::move(listener)) {}

void HealthBoard::track(DeviceKind kind) {
    std::lock_guard lock(mutex_);
    devices_.try_emplace(kind, DeviceHealth{kind, HealthState::absent, "not found yet"});
}

bool HealthBoard::update(const DeviceHealth& health) {
    std::lock_guard lock(mutex_);
    auto [it, inserted] = devices_.try_emplace(health.kind, health);
    if (!inserted) {
        if (it->second == health) {
            return false;
        }
        it->second = health;
    }
    // Under the lock, so listeners hear the changes in the order the board made them.
    if (listener_) {
        listener_(health);
    }
    return true;
}

DeviceHealth HealthBoard::health(DeviceKind kind) const {
    std::lock_guard lock(mutex_);
    auto it = devices_.find(kind);
    return it != devices_.end() ? it->second : DeviceHealth{kind, HealthState::absent, "not configured"};
}

std::vector<DeviceHealth> HealthBoard::all() const {
    std::lock_guard lock(mutex_);
    std::vector<DeviceHealth> out;
    for (const auto& [kind, health] : devices_) {
        out.push_back(health);
    }
    return out;
}

}  // namespace yimen::drivers::health
