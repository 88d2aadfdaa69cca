// The receipt book: receipt numbers, query codes and the receipts a citizen takes home.
#pragma once

#include <atomic>
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
//
// The sequence of a day only ever goes up, and never restarts inside numbers the terminal already used:
// a fresh store (no receipt ever issued: a new kiosk, or one whose database was lost) learns the day's
// last sequence from the platform (learnFloor, raiseFloor) before it numbers that day's first receipt.
// When the platform could not be asked in time, the fresh store numbers that day from kOfflineFloor + 1
// (5001) and logs it: the citizen in front of the kiosk is served now, offline, as the kiosk promises,
// and no kiosk issues 5000 receipts in a day, so the numbers it may have used before the loss are
// below 5001. Refusing instead would send the citizen away for a number clash that cannot happen.
// Borrows db and outbox, which must outlive it. Thread-safe.
class ReceiptBook {
public:
    using PayloadBuilder =
        std::function<std::string(const std::string& receiptNo, const std::string& queryCode)>;
    // The platform's last sequence of this terminal on day yyMMdd (0 when none), or why it cannot tell.
    using LastSequenceSource = std::function<Expected<int>(const std::string& day)>;

    // A fresh store that could not learn the day's floor numbers it from here (the first is 5001).
    static constexpr int kOfflineFloor = 5000;

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

    // Turns on the rule for a fresh store above (the app does, where a platform exists): without it a
    // fresh store numbers from 0001, as a store with no platform to ask must. Call before issuing.
    void useFloorsForFreshStore() { floorsForFreshStore_.store(true); }

    // Raises the floor of a receipt prefix ("YM" + terminal + yyMMdd): the next receipt of that prefix is
    // numbered after lastSequence. A floor never lowers anything: a lower or equal value changes nothing.
    // Errors: invalidInput (a malformed prefix, lastSequence outside 0..9999), database.
    [[nodiscard]] Status raiseFloor(const std::string& prefix, int lastSequence, std::int64_t nowMs);
    // When the store is fresh and nowMs's day has no floor yet, asks lastOnPlatform for the day's last
    // sequence and raises the floor (the day is recorded even when the answer is 0). Does nothing
    // otherwise. After a failed ask it does not ask again for a minute (steady clock). Errors: the
    // source's error, database, invalidInput. Any thread (the outbox sync's, which owns the platform client).
    [[nodiscard]] Status learnFloor(std::int64_t nowMs, const LastSequenceSource& lastOnPlatform);

private:
    [[nodiscard]] Expected<std::optional<Receipt>> findBy(const char* column, const std::string& value);

    Database& db_;
    Outbox& outbox_;
    int terminalNumber_;
    std::optional<int> utcOffsetMinutes_;
    std::atomic<std::int64_t> nextAskSteadyMs_{0};
    std::atomic<bool> floorsForFreshStore_{false};
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
