// The throttle decides under its mutex and writes outside it, so a slow log never holds other threads.
#include "platform/log_throttle.h"

namespace yimen::platform {

void ThrottledLog::write(std::string_view message) {
    long heldBack = 0;
    {
        std::lock_guard lock(mutex_);
        const auto now = std::chrono::steady_clock::now();
        if (written_ && now - last_ < interval_) {
            ++suppressed_;
            return;
        }
        written_ = true;
        last_ = now;
        heldBack = suppressed_;
        suppressed_ = 0;
    }
    std::string line(message);
    if (heldBack > 0)
        line += " (" + std::to_string(heldBack) + " more like this since the last line)";
    log::write(level_, component_, line);
}

long ThrottledLog::suppressed() const {
    std::lock_guard lock(mutex_);
    return suppressed_;
}

}  // namespace yimen::platform
