// The scanner thread: nextCode in a loop, a pause after errors that wake() can end.
#include "drivers/health/scanner_pump.h"

namespace yimen::drivers::health {

ScannerPump::ScannerPump(Scanner& scanner, std::function<void(std::string)> onCode,
                         std::function<void(const Status&)> onStatus, ScannerPumpOptions options)
    : scanner_(scanner), onCode_(std::move(onCode)), onStatus_(std::move(onStatus)), options_(options) {
    thread_ = std::thread([this] { run(); });
}

ScannerPump::~ScannerPump() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void ScannerPump::wake() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    wake_.notify_all();
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

void ScannerPump::run() {
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stop_) {
                return;
            }
        }
        auto code = scanner_.nextCode(options_.pollTimeout);
        if (code) {
            report(Status{});
            if (*code && onCode_) {
                onCode_(std::move(**code));
            }
            continue;
        }
        report(Status{code.error()});
        std::unique_lock lock(mutex_);
        // A wake() that came during the failed call ends this pause at once: the scanner arrived meanwhile.
        wake_.wait_for(lock, options_.retryInterval, [this] { return stop_ || woken_; });
        woken_ = false;
    }
}

}  // namespace yimen::drivers::health
