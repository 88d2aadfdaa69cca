// The scanner thread: nextCode in a loop, a pause after errors that wake() can end.
#include "drivers/health/scanner_pump.h"

namespace yimen::drivers::health {

ScannerPump::ScannerPump(Scanner& scanner, std::function<void(std::string)> onCode,
                         std::function<void(const Status&)> onStatus, ScannerPumpOptions options)
    : scanner_(scanner), onCode_(std::move(onCode)), onStatus_(std::move(onStatus)), options_(options) {
    worker_.start([this](StopToken& stop) { run(stop); });
}

ScannerPump::~ScannerPump() {
    worker_.stop();
}

void ScannerPump::wake() {
    worker_.wake();
}

void ScannerPump::report(const Status& status) {
    const bool same = reported_ && status.hasValue() == last_.hasValue() &&
                      (status.hasValue() || (status.error().code == last_.error().code &&
                                             status.error().message == last_.error().message));
    if (same) {
        return;
    }
    reported_ = true;
    last_ = status;
    if (onStatus_) {
        onStatus_(status);
    }
}

void ScannerPump::run(StopToken& stop) {
    while (!stop.stopRequested()) {
        auto code = scanner_.nextCode(options_.pollTimeout);
        if (code) {
            report(Status{});
            if (*code && onCode_) {
                onCode_(std::move(**code));
            }
            continue;
        }
        report(Status{code.error()});
        // A wake() that came during the failed call ends this pause at once: the scanner arrived meanwhile.
        if (!stop.waitFor(options_.retryInterval)) {
            return;
        }
    }
}

}  // namespace yimen::drivers::health
