// The simulated QR/barcode scanner: codes fed in by tests, demos or the technician screen, read one at a
// time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

#include "common/error.h"
#include "drivers/scanner.h"

namespace yimen::drivers::sim {

// Thread-safe: feed() and setFault() from any thread, nextCode() from the scanner thread.
class SimScanner final : public Scanner {
public:
    // A real scanner's buffer is small too: past this many unread codes the oldest is dropped.
    static constexpr std::size_t kMaxPendingCodes = 32;

    // Queues one complete code and wakes a waiting nextCode(). An empty code is ignored.
    void feed(std::string code);
    // While set, nextCode() returns this error at once.
    void setFault(std::optional<Error> fault);
    std::size_t pendingCount() const;

    // The oldest queued code; waits up to `timeout` for one. nullopt when none arrived in time.
    [[nodiscard]] Expected<std::optional<std::string>> nextCode(std::chrono::milliseconds timeout) override;

private:
    mutable std::mutex mutex_;
    std::condition_variable arrived_;
    std::deque<std::string> codes_;
    std::optional<Error> fault_;
};

}  // namespace yimen::drivers::sim
