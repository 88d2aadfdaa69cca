// The simulated QR/barcode scanner: codes fed in by tests, demos or the technician screen, read one at a
// time. A fed code travels as HID POS reports from a simulated USB device (sim_hid_pos_device.h) through the
// real HidScanner, as a scan does on a terminal.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/error.h"
#include "drivers/scanner.h"
#include "drivers/scanner/hid_scanner.h"
#include "drivers/sim/sim_hid_pos_device.h"

namespace yimen::drivers::sim {

// Thread-safe: feed() and setFault() from any thread, nextCode() from the scanner thread.
class SimScanner final : public Scanner {
public:
    // A real scanner's buffer is small too: past this many unread codes the oldest is dropped.
    static constexpr std::size_t kMaxPendingCodes = 32;

    SimScanner();
    ~SimScanner() override;
    SimScanner(const SimScanner&) = delete;
    SimScanner& operator=(const SimScanner&) = delete;

    // Scans one complete code (its reports are queued on the device) and wakes a waiting nextCode(). An empty
    // code is ignored.
    void feed(std::string code);
    // While set, nextCode() returns this error at once.
    void setFault(std::optional<Error> fault);
    // Codes scanned and not yet read.
    std::size_t pendingCount() const;

    // The oldest queued code; waits up to `timeout` for one. nullopt when none arrived in time.
    [[nodiscard]] Expected<std::optional<std::string>> nextCode(std::chrono::milliseconds timeout) override;

private:
    mutable std::mutex mutex_;  // guards fault_
    std::optional<Error> fault_;
    SimHidPosLink link_;
    std::unique_ptr<scanner::HidScanner> scanner_;  // reads link_
};

}  // namespace yimen::drivers::sim
