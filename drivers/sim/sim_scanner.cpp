// SimScanner: a bounded queue of codes behind a condition variable.
#include "drivers/sim/sim_scanner.h"

namespace yimen::drivers::sim {

void SimScanner::feed(std::string code) {
    if (code.empty()) {
        return;
    }
    {
        std::lock_guard lock(mutex_);
        if (codes_.size() >= kMaxPendingCodes) {
            codes_.pop_front();
        }
        codes_.push_back(std::move(code));
    }
    arrived_.notify_one();
}

void SimScanner::setFault(std::optional<Error> fault) {
    {
        std::lock_guard lock(mutex_);
        fault_ = std::move(fault);
    }
    arrived_.notify_all();
}

std::size_t SimScanner::pendingCount() const {
    std::lock_guard lock(mutex_);
    return codes_.size();
}

Expected<std::optional<std::string>> SimScanner::nextCode(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    arrived_.wait_for(lock, timeout, [this] { return fault_.has_value() || !codes_.empty(); });
    if (fault_) {
        return *fault_;
    }
    if (codes_.empty()) {
        return std::optional<std::string>();
    }
    std::string code = std::move(codes_.front());
    codes_.pop_front();
    return std::optional<std::string>(std::move(code));
}

}  // namespace yimen::drivers::sim
