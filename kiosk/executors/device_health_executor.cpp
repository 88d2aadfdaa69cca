// DeviceHealthExecutor: a driver's outcome becomes the device's health, and a change of health an event.
#include "kiosk/executors/device_health_executor.h"

#include <string>

#include "common/log.h"

namespace yimen::kiosk {

DeviceHealthExecutor::DeviceHealthExecutor(ExecutorWiring wiring)
    : wiring_(std::move(wiring)), board_([this](const drivers::health::DeviceHealth& h) { onChange(h); }) {}

void DeviceHealthExecutor::report(drivers::config::DeviceKind kind, const Status& outcome) {
    board_.update(drivers::health::healthOf(kind, outcome));
}

void DeviceHealthExecutor::onChange(const drivers::health::DeviceHealth& h) {
    using drivers::health::HealthState;
    DeviceStatus status;
    status.state = h.state == HealthState::ok         ? DeviceStatus::State::ok
                   : h.state == HealthState::degraded ? DeviceStatus::State::degraded
                                                      : DeviceStatus::State::absent;
    status.reason = h.reason;
    const std::string device = drivers::config::toString(h.kind);
    log::info("health",
              device + " " + drivers::health::toString(h.state) + (h.reason.empty() ? "" : ": " + h.reason));
    wiring_.post(ev::DeviceHealthChanged{device, status});
}

}  // namespace yimen::kiosk
