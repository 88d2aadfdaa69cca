// PrinterStatus::describe: the printer's state in the short Chinese words shown to citizens and technicians.
#include "drivers/receipt_printer.h"

#include <vector>

namespace yimen::drivers {

std::string PrinterStatus::describe() const {
    std::vector<const char*> problems;
    if (paperOut) {
        problems.push_back("打印纸已用完");
    } else if (paperNearEnd) {
        // "Nearly out" is only worth saying while there is still paper.
        problems.push_back("打印纸将用完");
    }
    if (coverOpen) {
        problems.push_back("打印机盖未关好");
    }
    // A printer goes off-line by itself when the paper ends, the cover opens or an error occurs; "off-line"
    // is only news when none of those explains it.
    if (!online && !paperOut && !coverOpen && !error) {
        problems.push_back("打印机离线");
    }
    if (error) {
        problems.push_back("打印机故障");
    }
    if (problems.empty()) {
        return "正常";
    }
    std::string text;
    for (const char* p : problems) {
        if (!text.empty()) {
            text += "，";
        }
        text += p;
    }
    return text;
}

}  // namespace yimen::drivers
