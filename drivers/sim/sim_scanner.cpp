// SimScanner: the real HidScanner reading a simulated HID POS device.
#include "drivers/sim/sim_scanner.h"

namespace yimen::drivers::sim {

SimScanner::SimScanner() {
    scanner::HidScannerOptions options;
    options.kind = scanner::HidScannerKind::hidPos;
    auto created = scanner::HidScanner::create(
        [this]() -> Expected<std::unique_ptr<usb::UsbDevice>> { return link_.openDevice(); }, options);
    if (created) {  // it fails only without an opener, and one is given
        scanner_ = std::move(*created);
    }
}

SimScanner::~SimScanner() = default;

void SimScanner::feed(std::string code) {
    link_.scan(code, kMaxPendingCodes);
}

void SimScanner::setFault(std::optional<Error> fault) {
    std::lock_guard lock(mutex_);
    fault_ = std::move(fault);
}

std::size_t SimScanner::pendingCount() const {
    return link_.pendingCodes();
}

Expected<std::optional<std::string>> SimScanner::nextCode(std::chrono::milliseconds timeout) {
    {
        std::lock_guard lock(mutex_);
        if (fault_) {
            return *fault_;
        }
    }
    if (!scanner_) {
        return fail(ErrorCode::unavailable, "the simulated scanner has no driver");
    }
    return scanner_->nextCode(timeout);
}

}  // namespace yimen::drivers::sim
