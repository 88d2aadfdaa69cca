// The simulated scanner's USB face: a HID Point of Sale scanner (usage page 0x8C) that sends each fed code as
// scanned-data input reports on its interrupt endpoint. The real HidScanner reads it, so a simulated scan
// runs the same report-descriptor parsing, report decoding and code assembly as a scan on a terminal.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/error.h"
#include "drivers/usb/usb_device.h"

namespace yimen::drivers::sim {

// The scanner's 64-byte scanned-data report (ID 2): byte count, the three AIM symbology characters, 56 data
// bytes, two vendor bytes, and the "decode data continued" bit. A code longer than 56 bytes takes several
// reports, all but the last with the continued bit set.
inline constexpr std::size_t kHidPosReportBytes = 64;
inline constexpr std::size_t kHidPosDataBytes = 56;

// The report descriptor the device returns for GET_DESCRIPTOR (Report).
const std::vector<std::uint8_t>& simHidPosReportDescriptor();

// The reports that carry `code` (raw bytes, e.g. UTF-8) scanned from a QR symbol ("]Q1").
std::vector<std::vector<std::uint8_t>> hidPosReportsFor(const std::string& code);

// What the device has to send: the reports of the codes scanned and not yet read, oldest first. Thread-safe:
// scan() from any thread, the device's read() from the scanner's thread.
class SimHidPosLink {
public:
    // Queues the reports of one code and wakes a waiting read. Past `maxCodes` unread codes the oldest code's
    // remaining reports are dropped, as a real scanner's small buffer overflows.
    void scan(const std::string& code, std::size_t maxCodes);
    // Codes whose last report has not been read yet.
    std::size_t pendingCodes() const;

    // The next report, waiting up to `timeout`; a timeout error when none came (as an interrupt transfer).
    Expected<std::vector<std::uint8_t>> nextReport(std::chrono::milliseconds timeout);

    // A UsbDevice over this link (one HID interface, interrupt IN 0x81). The link must outlive it.
    std::unique_ptr<usb::UsbDevice> openDevice();

private:
    mutable std::mutex mutex_;
    std::condition_variable arrived_;
    std::deque<std::deque<std::vector<std::uint8_t>>> codes_;  // per code, its unread reports
};

}  // namespace yimen::drivers::sim
