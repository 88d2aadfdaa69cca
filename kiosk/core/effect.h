// What the session asks the shell to do. Executors carry effects out and report back as events.
#pragma once

#include <map>
#include <string>
#include <variant>

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

using Effect =
    std::variant<fx::StartCardReading, fx::StopCardReading, fx::CommitApplication, fx::PrintReceipt,
                 fx::QueueRating, fx::Speak, fx::WipePersonalData, fx::Audit, fx::LogBug>;

}  // namespace yimen::kiosk
