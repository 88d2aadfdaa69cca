// What a citizen's receipt says: issued by the local store once the application is committed.
#pragma once

#include <string>

namespace yimen::kiosk {

enum class Delivery { queued, delivered, failed };
enum class PrintState { notStarted, printing, printed, failed };

struct ReceiptInfo {
    std::string receiptNo;
    std::string queryCode;
    std::string itemName;
    std::string department;
    int timeLimitDays = 0;
    std::string maskedIdNumber;  // 4501**********1231, never the full number
    std::string issuedAt;        // local time, "2026-11-29 14:30"
    Delivery delivery = Delivery::queued;
};

// The text encoded in the receipt's QR code: the tracking journey scans it back.
std::string receiptQrPayload(const std::string& receiptNo, const std::string& queryCode);

}  // namespace yimen::kiosk
