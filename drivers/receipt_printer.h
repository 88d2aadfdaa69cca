// The receipt printer interface: takes the exact ESC/POS bytes of one job.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "common/error.h"

namespace yimen::drivers {

struct PrinterStatus {
    bool online = true;
    bool paperOut = false;
    bool paperNearEnd = false;
    bool coverOpen = false;
    bool error = false;

    bool canPrint() const { return online && !paperOut && !coverOpen && !error; }
    // Short Chinese description for citizens and technicians, e.g. "打印纸已用完".
    std::string describe() const;
};

// Called from one executor thread at a time.
class ReceiptPrinter {
public:
    virtual ~ReceiptPrinter() = default;

    [[nodiscard]] virtual Expected<PrinterStatus> status() = 0;

    // Sends one whole job. Checks status first; a job is sent at most once per call and never resent
    // by the driver. Errors: device (with the status in the message), timeout, io.
    [[nodiscard]] virtual Status print(std::span<const std::uint8_t> escpos) = 0;

    // Printable width in dots: 576 for 80 mm paper, 384 for 58 mm.
    virtual int widthDots() const = 0;

    // Drops whatever the driver keeps of past jobs (their bytes carry a query code, maybe a name) and wipes
    // it. Called at the end of each citizen's session; a driver that keeps nothing does nothing.
    virtual void forgetJobs() {}
};

}  // namespace yimen::drivers
