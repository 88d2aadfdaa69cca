// Issuing receipts: numbering per local day, query codes, and the one transaction that commits an
// application.
#include "kiosk/store/receipt_book.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstdio>
#include <ctime>
#include <limits>

#include "common/id_number.h"

namespace yimen::kiosk::store {
namespace {

constexpr int kMaxTerminal = 9999;
constexpr std::int64_t kMaxSequence = 9999;
constexpr std::uint32_t kCodeSpace = 1000000;
constexpr int kMaxOffsetMinutes = 18 * 60;

std::string sequenceText(std::int64_t sequence) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%04d", static_cast<int>(sequence));
    return buffer;
}

// Wipes the application JSON once it is sealed: it holds the citizen's identity and answers.
struct PayloadWiper {
    std::string& payload;
    ~PayloadWiper() { OPENSSL_cleanse(payload.data(), payload.size()); }
};

}  // namespace

Expected<std::string> receiptPrefix(int terminalNumber, std::int64_t nowMs,
                                    std::optional<int> utcOffsetMinutes) {
    if (terminalNumber < 1 || terminalNumber > kMaxTerminal)
        return fail(ErrorCode::invalidInput,
                    "terminal number " + std::to_string(terminalNumber) + " is outside 1..9999");
    if (utcOffsetMinutes && (*utcOffsetMinutes < -kMaxOffsetMinutes || *utcOffsetMinutes > kMaxOffsetMinutes))
        return fail(ErrorCode::invalidInput,
                    "UTC offset of " + std::to_string(*utcOffsetMinutes) + " minutes is out of range");
    // About 35 000 years either side of 1970: far beyond any clock, and safe to shift by an offset.
    constexpr std::int64_t kLimitMs = std::int64_t{1} << 50;
    if (nowMs < -kLimitMs || nowMs > kLimitMs)
        return fail(ErrorCode::invalidInput, "time " + std::to_string(nowMs) + " ms is out of range");
    // Whole seconds by floor division, so an instant just before midnight stays on its day.
    std::int64_t seconds = nowMs / 1000;
    if (nowMs % 1000 < 0)
        --seconds;
    std::tm local{};
    if (utcOffsetMinutes) {
        const auto shifted = static_cast<std::time_t>(seconds + std::int64_t{*utcOffsetMinutes} * 60);
        if (gmtime_r(&shifted, &local) == nullptr)
            return fail(ErrorCode::invalidInput, "time " + std::to_string(nowMs) + " ms has no date");
    } else {
        const auto t = static_cast<std::time_t>(seconds);
        if (localtime_r(&t, &local) == nullptr)
            return fail(ErrorCode::invalidInput, "time " + std::to_string(nowMs) + " ms has no local date");
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "YM%04d%02d%02d%02d", terminalNumber, (local.tm_year + 1900) % 100,
                  local.tm_mon + 1, local.tm_mday);
    return std::string(buffer);
}

Expected<std::string> randomQueryCode() {
    // Rejection sampling: values at or above the largest multiple of 10^6 would favour low codes.
    constexpr std::uint32_t kLimit =
        std::numeric_limits<std::uint32_t>::max() - std::numeric_limits<std::uint32_t>::max() % kCodeSpace;
    for (;;) {
        std::uint32_t value = 0;
        if (RAND_bytes(reinterpret_cast<unsigned char*>(&value), sizeof value) != 1)
            return fail(ErrorCode::crypto, "generating a query code: the random source failed");
        if (value >= kLimit)
            continue;
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "%06u", static_cast<unsigned>(value % kCodeSpace));
        return std::string(buffer);
    }
}

ReceiptBook::ReceiptBook(Database& db, Outbox& outbox, int terminalNumber,
                         std::optional<int> utcOffsetMinutes)
    : db_(db), outbox_(outbox), terminalNumber_(terminalNumber), utcOffsetMinutes_(utcOffsetMinutes) {}

Expected<Receipt> ReceiptBook::issue(const NewApplication& app, const PayloadBuilder& makePayload,
                                     std::int64_t nowMs) {
    const std::string what = "issuing a receipt for " + app.itemId;
    if (app.idempotencyKey.empty())
        return fail(ErrorCode::invalidInput, what + ": no idempotency key");
    if (app.itemId.empty())
        return fail(ErrorCode::invalidInput, what + ": no item");
    if (app.timeLimitDays < 0)
        return fail(ErrorCode::invalidInput, what + ": negative time limit");
    if (scrubIdNumbers(app.maskedIdNumber) != app.maskedIdNumber)
        return fail(ErrorCode::invalidInput, what + ": the ID number is not masked");
    if (!makePayload)
        return fail(ErrorCode::invalidInput, what + ": no payload builder");
    auto prefix = receiptPrefix(terminalNumber_, nowMs, utcOffsetMinutes_);
    if (!prefix)
        return prefix.error().withContext(what);

    Receipt receipt;
    auto issued = db_.transaction([&]() -> Status {
        auto prior = findBy("idempotency_key", app.idempotencyKey);
        if (!prior)
            return prior.error();
        if (*prior) {
            receipt = std::move(**prior);
            return {};
        }
        bool keyQueued = false;
        if (auto read = db_.query("SELECT 1 FROM outbox WHERE idempotency_key = ?", {app.idempotencyKey},
                                  [&](const Row&) { keyQueued = true; });
            !read)
            return read;
        if (keyQueued)
            return fail(ErrorCode::conflict, "the idempotency key is already used by another outbox entry");

        std::int64_t last = 0;
        if (auto read = db_.query("SELECT last_seq FROM receipt_counters WHERE prefix = ?", {*prefix},
                                  [&](const Row& row) { last = row.integer(0); });
            !read)
            return read;
        if (last >= kMaxSequence)
            return fail(ErrorCode::conflict, "all 9999 receipt numbers of " + *prefix + " are used");
        if (auto counted = db_.execute("INSERT INTO receipt_counters (prefix, last_seq) VALUES (?, ?) "
                                       "ON CONFLICT (prefix) DO UPDATE SET last_seq = excluded.last_seq",
                                       {*prefix, last + 1});
            !counted)
            return counted;

        auto code = randomQueryCode();
        if (!code)
            return code.error();
        receipt = Receipt{*prefix + sequenceText(last + 1),
                          *code,
                          app.itemId,
                          app.itemName,
                          app.department,
                          app.maskedIdNumber,
                          app.timeLimitDays,
                          nowMs,
                          "queued"};

        std::string payload = makePayload(receipt.receiptNo, receipt.queryCode);
        PayloadWiper wiper{payload};
        if (payload.empty())
            return fail(ErrorCode::invalidInput, "the application payload is empty");
        auto queued = outbox_.enqueue(network::OutboxKind::application, app.idempotencyKey, receipt.receiptNo,
                                      payload, nowMs);
        if (!queued)
            return queued.error();

        return db_.execute(
            "INSERT INTO receipts (receipt_no, idempotency_key, query_code, item_id, item_name, department, "
            "masked_id, time_limit_days, created_ms, delivery) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {receipt.receiptNo, app.idempotencyKey, receipt.queryCode, receipt.itemId, receipt.itemName,
             receipt.department, receipt.maskedIdNumber, std::int64_t{receipt.timeLimitDays},
             receipt.createdMs, receipt.delivery});
    });
    if (!issued)
        return issued.error().withContext(what);
    return receipt;
}

Expected<std::optional<Receipt>> ReceiptBook::find(const std::string& receiptNo) {
    auto found = findBy("receipt_no", receiptNo);
    if (!found)
        return found.error().withContext("looking up receipt " + receiptNo);
    return found;
}

Expected<std::optional<Receipt>> ReceiptBook::findBy(const char* column, const std::string& value) {
    std::optional<Receipt> receipt;
    auto read = db_.query(
        std::string(
            "SELECT receipt_no, query_code, item_id, item_name, department, masked_id, time_limit_days, "
            "created_ms, delivery FROM receipts WHERE ") +
            column + " = ?",
        {value}, [&](const Row& row) {
            receipt = Receipt{row.text(0),
                              row.text(1),
                              row.text(2),
                              row.text(3),
                              row.text(4),
                              row.text(5),
                              static_cast<int>(row.integer(6)),
                              row.integer(7),
                              row.text(8)};
        });
    if (!read)
        return read.error();
    return receipt;
}

}  // namespace yimen::kiosk::store
