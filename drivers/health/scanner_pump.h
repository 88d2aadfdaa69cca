// Runs a Scanner on a thread of its own: hands on every code, reports the scanner's condition, and after an
// error waits for the retry interval or for the device manager's word that the scanner is back.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "common/error.h"
#include "common/worker.h"
#include "drivers/scanner.h"

namespace yimen::drivers::health {

struct ScannerPumpOptions {
    // How long each nextCode call waits; also the longest the destructor waits for the thread.
    std::chrono::milliseconds pollTimeout{200};
    // The pause after an error (no scanner, unplugged) before trying again; wake() cuts it short.
    std::chrono::milliseconds retryInterval{1000};
};

// `onCode` gets each complete code and `onStatus` each change of condition (ok after a call that worked, the
// error after one that failed), both on the pump's thread; both must only post. The scanner is borrowed and
// must outlive the pump. The destructor stops the thread within one poll timeout.
class ScannerPump {
public:
    ScannerPump(Scanner& scanner, std::function<void(std::string)> onCode,
                std::function<void(const Status&)> onStatus, ScannerPumpOptions options = {});
    ~ScannerPump();
    ScannerPump(const ScannerPump&) = delete;
    ScannerPump& operator=(const ScannerPump&) = delete;

    // The scanner may be back (hot-plug): stop pausing and try now. Any thread.
    void wake();

private:
    void run(StopToken& stop);
    void report(const Status& status);

    Scanner& scanner_;
    const std::function<void(std::string)> onCode_;
    const std::function<void(const Status&)> onStatus_;
    const ScannerPumpOptions options_;
    bool reported_ = false;  // the pump's thread only
    Status last_;            // the pump's thread only
    Worker worker_{"scanner"};
};

}  // namespace yimen::drivers::health
