// ScanExecutor: the scanner's codes to the session.
#include "kiosk/executors/scan_executor.h"

namespace yimen::kiosk {

ScanExecutor::ScanExecutor(drivers::Scanner& scanner, DeviceHealthExecutor& health, ExecutorWiring wiring)
    : scanner_(scanner), health_(health), wiring_(std::move(wiring)) {}

ScanExecutor::~ScanExecutor() {
    stop();
}

void ScanExecutor::start() {
    if (pump_)
        return;
    pump_ = std::make_unique<drivers::health::ScannerPump>(
        scanner_, [this](std::string code) { wiring_.post(ev::Scanned{std::move(code)}); },
        [this](const Status& status) { health_.report(drivers::config::DeviceKind::scanner, status); });
}

void ScanExecutor::wake() {
    if (pump_)
        pump_->wake();
}

void ScanExecutor::stop() {
    pump_.reset();
}

}  // namespace yimen::kiosk
