// What the session asks the shell to do. Executors carry effects out and report back as events.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "common/identity.h"
#include "kiosk/core/receipt_info.h"

namespace yimen::kiosk {

namespace fx {
struct StartCardReading {};  // the reader is polled only while the Identify screen asks for a card
struct StopCardReading {};
// Commit the application to the outbox and issue its receipt (ApplicationQueued or ApplicationSaveFailed).
struct CommitApplication {
    std::string itemId;
    Identity applicant;
    std::map<std::string, std::string> answers;
};
struct PrintReceipt {
    ReceiptInfo receipt;
};  // reports PrintFinished
struct QueueRating {
    std::string receiptNo;
    int level = 5;
    std::vector<std::string> tags;  // why a 不满意 or 非常不满意 (texts::kRatingReasons)
};
// Ask the platform for the application's status and timeline (reports LookupAnswered with lookupId). The
// query code is the key to the application: the executor wipes it after use.
struct LookUpApplication {
    std::uint64_t lookupId = 0;
    std::string receiptNo;
    std::string queryCode;
};
// A screen wants scans (true) or no longer does (false): a camera used as the scanner is opened only
// between the two. A HID scanner reads whatever it is shown at any time.
struct WantScans {
    bool wanted = false;
};
struct Speak {
    std::string text;
};
struct WipePersonalData {};  // executors drop whatever they hold of this citizen
struct Audit {
    std::string action;
    std::string detail;
};  // no personal data in detail
struct LogBug {
    std::string message;
};  // an event the table does not handle
}  // namespace fx

using Effect = std::variant<fx::StartCardReading, fx::StopCardReading, fx::CommitApplication,
                            fx::PrintReceipt, fx::QueueRating, fx::LookUpApplication, fx::WantScans,
                            fx::Speak, fx::WipePersonalData, fx::Audit, fx::LogBug>;

}  // namespace yimen::kiosk
