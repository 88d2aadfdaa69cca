// The scan executor: every code the scanner reads reaches the session as ev::Scanned.
#pragma once

#include <memory>

#include "drivers/health/scanner_pump.h"
#include "drivers/scanner.h"
#include "kiosk/executors/device_health_executor.h"
#include "kiosk/executors/executor.h"

namespace yimen::kiosk {

// Runs the configured scanner (the HID scanner, the simulated one, or QR codes from the camera) on a
// drivers::health::ScannerPump: each code is posted as Scanned, and the scanner's condition goes to the
// health board. The scanner is borrowed and must outlive the executor. Main thread.
class ScanExecutor {
public:
    ScanExecutor(drivers::Scanner& scanner, DeviceHealthExecutor& health, ExecutorWiring wiring);
    ~ScanExecutor();  // stop()
    ScanExecutor(const ScanExecutor&) = delete;
    ScanExecutor& operator=(const ScanExecutor&) = delete;

    // Starts reading. Idempotent.
    void start();
    // The scanner may be back (a hot-plug arrival): try it now rather than after the retry pause.
    void wake();
    // Stops reading and joins the pump's thread. Idempotent.
    void stop();

private:
    drivers::Scanner& scanner_;
    DeviceHealthExecutor& health_;
    ExecutorWiring wiring_;
    std::unique_ptr<drivers::health::ScannerPump> pump_;
};

}  // namespace yimen::kiosk
