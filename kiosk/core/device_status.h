// How a device is doing, as the session sees it: working, there but failing (with why), or missing.
#pragma once

#include <string>

namespace yimen::kiosk {

struct DeviceStatus {
    enum class State { ok, degraded, absent } state = State::ok;
    std::string reason;  // for the technician; empty when ok
    bool usable() const { return state == State::ok; }
};

}  // namespace yimen::kiosk
