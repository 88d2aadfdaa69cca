// The receipt book: receipt numbers, query codes and the receipts a citizen takes home.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "common/error.h"
#include "kiosk/store/database.h"
#include "kiosk/store/outbox.h"

namespace yimen::kiosk::store {

struct Receipt {
    std::string receiptNo;  // YM00012611290007
    std::string queryCode;  // 6 digits, may start with 0
    std::string itemId;
    std::string itemName;
    std::string department;
    std::string maskedIdNumber;  // 4501**********1234, never the full number
    int timeLimitDays = 0;
    std::int64_t createdMs = 0;
    std::string delivery;  // "queued" | "delivered" | "failed"
};

struct NewApplication {
    std::string idempotencyKey;
    std::string itemId;
    std::string itemName;
    std::string department;
    std::string maskedIdNumber;
    int timeLimitDays = 0;
};

// Receipt numbers are "YM" + 4-digit terminal + yyMMdd (the terminal's local day) + 4-digit sequence that
// starts at 0001 each local day. The local day is the system time zone's, or, when utcOffsetMinutes is
// given, that fixed offset's (for terminals whose system clock runs in UTC).
// Borrows db and outbox, which must outlive it. Thread-safe.
class ReceiptBook {
public:
    using PayloadBuilder =
        std::function<std::string(const std::string& receiptNo, const std::string& queryCode)>;

    // terminalNumber must be 1..9999; issue() refuses to number receipts otherwise (invalidInput).
    ReceiptBook(Database& db, Outbox& outbox, int terminalNumber,
                std::optional<int> utcOffsetMinutes = std::nullopt);

    // In ONE transaction: allocates the next receipt number of nowMs's local day and a random 6-digit query
    // code, calls makePayload(receiptNo, queryCode) for the application JSON, queues it sealed in the outbox
    // (kind application, same idempotency key) and inserts the receipt with delivery "queued". Only a
    // committed receipt is returned; on any error nothing is stored and no number is used up.
    // An idempotencyKey that was already issued returns that receipt unchanged and calls nothing.
    // Errors: invalidInput (empty key or item, negative time limit, a full ID number in maskedIdNumber,
    // terminal number out of range), conflict (the day's 9999 numbers are used up, or the key is taken by
    // another kind of outbox entry), internal (makePayload threw), crypto, database.
    [[nodiscard]] Expected<Receipt> issue(const NewApplication& app, const PayloadBuilder& makePayload,
                                          std::int64_t nowMs);

    // nullopt when no receipt has that number.
    [[nodiscard]] Expected<std::optional<Receipt>> find(const std::string& receiptNo);

private:
    [[nodiscard]] Expected<std::optional<Receipt>> findBy(const char* column, const std::string& value);

    Database& db_;
    Outbox& outbox_;
    int terminalNumber_;
    std::optional<int> utcOffsetMinutes_;
};

// The receipt-number prefix of a terminal and a local day: "YM" + 4-digit terminal + yyMMdd, the day in
// the system time zone or at the given fixed offset from UTC.
// invalidInput when the terminal number is outside 1..9999, the offset beyond ±18 h, or the time cannot
// be converted.
[[nodiscard]] Expected<std::string> receiptPrefix(int terminalNumber, std::int64_t nowMs,
                                                  std::optional<int> utcOffsetMinutes = std::nullopt);

// A uniformly random 6-digit code from the OS random source. crypto if it fails.
[[nodiscard]] Expected<std::string> randomQueryCode();

}  // namespace yimen::kiosk::store
