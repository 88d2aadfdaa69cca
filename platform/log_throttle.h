// A log line that may be caused by every hostile connection, written at most once per interval with a count
// of the ones held back, so an attack cannot fill the disk through the log.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>

#include "common/log.h"

namespace yimen::platform {

class ThrottledLog {
public:
    ThrottledLog(log::Level level, std::string component, std::chrono::steady_clock::duration interval)
        : level_(level), component_(std::move(component)), interval_(interval) {}

    // Writes `message` now when the last line went out at least one interval ago, adding "(N more like this
    // since the last line)" when some were held back; otherwise only counts it. Thread-safe.
    void write(std::string_view message);

    // How many messages were held back since the last line (for tests).
    long suppressed() const;

private:
    const log::Level level_;
    const std::string component_;
    const std::chrono::steady_clock::duration interval_;
    mutable std::mutex mutex_;
    std::chrono::steady_clock::time_point last_{};
    bool written_ = false;
    long suppressed_ = 0;
};

}  // namespace yimen::platform
