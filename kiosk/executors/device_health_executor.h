// The device-health executor: the devices' health board, and each change on it told to the session.
#pragma once

#include "common/error.h"
#include "drivers/health/device_health.h"
#include "kiosk/executors/executor.h"

namespace yimen::kiosk {

// Owns the health board. Every change on it reaches the session as DeviceHealthChanged (and the log), on the
// thread that made the change. Thread-safe.
class DeviceHealthExecutor {
public:
    explicit DeviceHealthExecutor(ExecutorWiring wiring);
    DeviceHealthExecutor(const DeviceHealthExecutor&) = delete;
    DeviceHealthExecutor& operator=(const DeviceHealthExecutor&) = delete;

    // The outcome of a driver call on `kind`. Any thread.
    void report(drivers::config::DeviceKind kind, const Status& outcome);
    // For a device manager that updates the board itself. Any thread.
    drivers::health::HealthBoard& board() { return board_; }

private:
    void onChange(const drivers::health::DeviceHealth& h);

    ExecutorWiring wiring_;
    drivers::health::HealthBoard board_;
};

}  // namespace yimen::kiosk
