// What a citizen's receipt says: issued by the local store once the application is committed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

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

// A receipt as the citizen holds it: its number and its query code.
struct ReceiptKey {
    std::string receiptNo;
    std::string queryCode;
};
// Reads back a receipt's QR text (YMQ1|<receipt>|<code>): nullopt for any other text, including a code of
// ours that is damaged (a receipt number that is not YM and 14 digits, a code that is not 6 digits).
std::optional<ReceiptKey> parseReceiptQr(std::string_view text);
// Whether the text is a receipt number as the kiosks issue them: YM and 14 digits.
bool isReceiptNo(std::string_view text);
// Whether the text is a query code: 6 digits.
bool isQueryCode(std::string_view text);

}  // namespace yimen::kiosk
