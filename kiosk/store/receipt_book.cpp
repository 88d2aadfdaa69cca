// Issuing receipts: numbering per local day, query codes, and the one transaction that commits an
// application.
#include "kiosk/store/receipt_book.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <limits>

#include "common/id_number.h"
#include "common/log.h"

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

constexpr std::int64_t kAskAgainAfterMs = 60'000;

std::int64_t steadyMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

bool isPrefix(const std::string& prefix) {
    if (prefix.size() != 12 || prefix.compare(0, 2, "YM") != 0)
        return false;
    for (std::size_t i = 2; i < prefix.size(); ++i)
        if (prefix[i] < '0' || prefix[i] > '9')
            return false;
    return true;
}

// Whether the store has never issued a receipt: a new kiosk, or one whose database was lost.
Expected<bool> freshStore(Database& db) {
    bool any = false;
    if (auto read = db.query("SELECT 1 FROM receipts LIMIT 1", {}, [&](const Row&) { any = true; }); !read)
        return read.error();
    return !any;
}

Expected<std::optional<std::int64_t>> floorOf(Database& db, const std::string& prefix) {
    std::optional<std::int64_t> floor;
    if (auto read = db.query("SELECT last_seq FROM receipt_floors WHERE prefix = ?", {prefix},
                             [&](const Row& row) { floor = row.integer(0); });
        !read)
        return read.error();
    return floor;
}

Status storeFloor(Database& db, const std::string& prefix, std::int64_t lastSequence, const char* source,
                  std::int64_t nowMs) {
    return db.execute(
        "INSERT INTO receipt_floors (prefix, last_seq, source, at_ms) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (prefix) DO UPDATE SET last_seq = MAX(last_seq, excluded.last_seq), "
        "source = excluded.source, at_ms = excluded.at_ms",
        {prefix, lastSequence, std::string(source), nowMs});
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
        bool counted = false;
        if (auto read = db_.query("SELECT last_seq FROM receipt_counters WHERE prefix = ?", {*prefix},
                                  [&](const Row& row) {
                                      last = row.integer(0);
                                      counted = true;
                                  });
            !read)
            return read;
        auto floor = floorOf(db_, *prefix);
        if (!floor)
            return floor.error();
        if (!counted && !*floor && floorsForFreshStore_.load()) {
            auto fresh = freshStore(db_);
            if (!fresh)
                return fresh.error();
            if (*fresh) {
                if (auto stored = storeFloor(db_, *prefix, kOfflineFloor, "offline", nowMs); !stored)
                    return stored;
                floor = std::optional<std::int64_t>(kOfflineFloor);
                log::warn("receipts", "a fresh store numbers " + *prefix + " from " +
                                          sequenceText(kOfflineFloor + 1) +
                                          ": the platform could not tell its last receipt of the day");
            }
        }
        if (*floor && **floor > last)
            last = **floor;
        if (last >= kMaxSequence)
            return fail(ErrorCode::conflict, "all 9999 receipt numbers of " + *prefix + " are used");
        if (auto bumped = db_.execute("INSERT INTO receipt_counters (prefix, last_seq) VALUES (?, ?) "
                                      "ON CONFLICT (prefix) DO UPDATE SET last_seq = excluded.last_seq",
                                      {*prefix, last + 1});
            !bumped)
            return bumped;

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

Status ReceiptBook::raiseFloor(const std::string& prefix, int lastSequence, std::int64_t nowMs) {
    const std::string what = "raising the receipt floor of " + prefix;
    if (!isPrefix(prefix))
        return fail(ErrorCode::invalidInput, what + ": not a receipt prefix");
    if (lastSequence < 0 || lastSequence > kMaxSequence)
        return fail(ErrorCode::invalidInput,
                    what + ": sequence " + std::to_string(lastSequence) + " is outside 0..9999");
    if (auto stored = storeFloor(db_, prefix, lastSequence, "platform", nowMs); !stored)
        return stored.error().withContext(what);
    return {};
}

Status ReceiptBook::learnFloor(std::int64_t nowMs, const LastSequenceSource& lastOnPlatform) {
    auto prefix = receiptPrefix(terminalNumber_, nowMs, utcOffsetMinutes_);
    if (!prefix)
        return prefix.error().withContext("learning the receipt floor");
    auto fresh = freshStore(db_);
    if (!fresh)
        return fresh.error().withContext("learning the receipt floor");
    auto floor = floorOf(db_, *prefix);
    if (!floor)
        return floor.error().withContext("learning the receipt floor");
    if (!*fresh || *floor || !lastOnPlatform)
        return {};
    if (steadyMs() < nextAskSteadyMs_.load())
        return {};
    auto last = lastOnPlatform(prefix->substr(6));
    if (!last) {
        nextAskSteadyMs_.store(steadyMs() + kAskAgainAfterMs);
        return last.error().withContext("learning the receipt floor of " + *prefix);
    }
    if (auto raised = raiseFloor(*prefix, *last, nowMs); !raised)
        return raised;
    log::info("receipts", "the platform's last receipt of " + *prefix + " is " + sequenceText(*last) +
                              "; numbering continues after it");
    return {};
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
