// The sealed outbox on SQLite: enqueue, the sync thread's queue operations and the technician's view.
#include "kiosk/store/outbox.h"

#include <chrono>
#include <limits>
#include <optional>

#include "common/crash_point.h"
#include "common/id_number.h"
#include "common/log.h"
#include "kiosk/store/audit_log.h"

namespace yimen::kiosk::store {
namespace {

constexpr const char* kComponent = "outbox";
// The actor of audit records the outbox writes by itself.
constexpr const char* kActor = "outbox";

std::optional<network::OutboxKind> parseKind(const std::string& text) {
    if (text == "application")
        return network::OutboxKind::application;
    if (text == "rating")
        return network::OutboxKind::rating;
    return std::nullopt;
}

std::string entryName(std::int64_t id) {
    return "outbox entry " + std::to_string(id);
}

// The receipt of an application entry follows the entry's fate; ratings have no receipt of their own.
Status setReceiptDelivery(Database& db, std::int64_t id, const char* delivery) {
    return db.execute(
        "UPDATE receipts SET delivery = ? "
        "WHERE receipt_no = (SELECT receipt_no FROM outbox WHERE id = ? AND kind = 'application')",
        {std::string(delivery), id});
}

}  // namespace

const char* toString(network::OutboxKind kind) {
    switch (kind) {
    case network::OutboxKind::application: return "application";
    case network::OutboxKind::rating: return "rating";
    }
    return "unknown";
}

Outbox::Outbox(Database& db, const SealedBox& box, OutboxOptions options)
    : db_(db), box_(box), options_(std::move(options)) {}

std::int64_t Outbox::wallNow() const {
    if (options_.wallClock)
        return options_.wallClock();
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Expected<std::int64_t> Outbox::enqueue(network::OutboxKind kind, const std::string& idempotencyKey,
                                       const std::string& receiptNo, const std::string& payloadJson,
                                       std::int64_t nowMs) {
    const std::string what = "queuing " + std::string(toString(kind)) + " " + receiptNo;
    if (idempotencyKey.empty())
        return fail(ErrorCode::invalidInput, what + ": no idempotency key");
    auto sealed = box_.seal(payloadJson, idempotencyKey);
    if (!sealed)
        return sealed.error().withContext(what);

    std::int64_t id = 0;
    auto stored = db_.transaction([&]() -> Status {
        std::optional<std::string> existingKind;
        auto found = db_.query("SELECT id, kind FROM outbox WHERE idempotency_key = ?", {idempotencyKey},
                               [&](const Row& row) {
                                   id = row.integer(0);
                                   existingKind = row.text(1);
                               });
        if (!found)
            return found;
        if (existingKind) {
            if (*existingKind != toString(kind))
                return fail(ErrorCode::conflict,
                            "the idempotency key is already used by a queued " + *existingKind);
            return {};
        }
        auto inserted = db_.insert(
            "INSERT INTO outbox (kind, idempotency_key, receipt_no, state, attempts, created_ms, "
            "next_attempt_ms, "
            "last_error, sealed_payload) VALUES (?, ?, ?, 'pending', 0, ?, ?, '', ?)",
            {std::string(toString(kind)), idempotencyKey, receiptNo, nowMs, nowMs, std::move(*sealed)});
        if (!inserted)
            return inserted.error();
        id = *inserted;
        return {};
    });
    if (!stored)
        return stored.error().withContext(what);
    return id;
}

Expected<std::vector<network::OutboxEntry>> Outbox::due(std::int64_t nowMs, int limit,
                                                        std::int64_t horizonMs) {
    if (limit < 0)
        return fail(ErrorCode::invalidInput, "listing due outbox entries: negative limit");
    // Later than this was scheduled under a clock since stepped back; a negative horizon turns it off.
    const std::int64_t latest = horizonMs < 0 || nowMs > std::numeric_limits<std::int64_t>::max() - horizonMs
                                    ? std::numeric_limits<std::int64_t>::max()
                                    : nowMs + horizonMs;
    std::vector<network::OutboxEntry> entries;
    auto collected = db_.transaction([&]() -> Status {
        entries.clear();
        std::int64_t after = 0;
        // Entries that do not open are marked failed on the way; the loop goes on past them until the
        // limit is filled or nothing due is left.
        while (static_cast<int>(entries.size()) < limit) {
            struct Candidate {
                std::int64_t id;
                std::string kind, key, receiptNo;
                int attempts;
                bool hasPayload;
                std::vector<std::uint8_t> sealed;
            };
            std::vector<Candidate> candidates;
            auto read = db_.query(
                "SELECT id, kind, idempotency_key, receipt_no, attempts, sealed_payload FROM outbox "
                "WHERE state = 'pending' AND (next_attempt_ms <= ? OR next_attempt_ms > ?) AND id > ? "
                "ORDER BY id LIMIT ?",
                {nowMs, latest, after,
                 static_cast<std::int64_t>(limit) - static_cast<std::int64_t>(entries.size())},
                [&](const Row& row) {
                    candidates.push_back({row.integer(0), row.text(1), row.text(2), row.text(3),
                                          static_cast<int>(row.integer(4)), !row.isNull(5), row.blob(5)});
                });
            if (!read)
                return read;
            if (candidates.empty())
                break;
            for (Candidate& c : candidates) {
                after = c.id;
                const auto kind = parseKind(c.kind);
                Expected<std::string> payload =
                    !c.hasPayload
                        ? Expected<std::string>(fail(ErrorCode::crypto, "the sealed payload is missing"))
                        : box_.open(c.sealed, c.key);
                if (!kind || !payload) {
                    const std::string reason = !kind ? "unknown kind " + c.kind : payload.error().message;
                    log::error(kComponent, entryName(c.id) + " cannot be delivered: " + reason);
                    if (auto marked = markFailedLocked(c.id, "cannot be delivered: " + reason, false);
                        !marked)
                        return marked;
                    continue;
                }
                entries.push_back(
                    {c.id, *kind, std::move(c.key), std::move(c.receiptNo), std::move(*payload), c.attempts});
            }
        }
        return {};
    });
    if (!collected)
        return collected.error().withContext("listing due outbox entries");
    return entries;
}

Status Outbox::markDelivered(std::int64_t id, const std::string& responseJson) {
    bool purged = false;
    auto marked = db_.transaction([&]() -> Status {
        auto state = stateOf(id);
        if (!state)
            return state.error();
        if (*state == "delivered")
            return {};
        // A failed, expired or discarded entry that the platform acknowledges after all is delivered.
        if (auto updated = db_.execute("UPDATE outbox SET state = 'delivered', sealed_payload = NULL, "
                                       "response_json = ?, last_error = '', "
                                       "attempts = attempts + 1 WHERE id = ?",
                                       {scrubIdNumbers(responseJson), id});
            !updated)
            return updated;
        purged = true;
        crashPoint("during-purge");
        return setReceiptDelivery(db_, id, "delivered");
    });
    if (!marked)
        return marked.error().withContext("marking " + entryName(id) + " delivered");
    if (purged) {
        // The delivery is committed; a checkpoint that cannot run now leaves the zeroed pages to the next
        // one.
        if (auto checkpointed = db_.checkpoint(); !checkpointed)
            log::warn(kComponent, "after delivering " + entryName(id) + ": " + checkpointed.error().message);
    }
    return {};
}

Status Outbox::markRetry(std::int64_t id, std::int64_t nextAttemptMs, const std::string& error) {
    auto marked = db_.transaction([&]() -> Status {
        auto state = stateOf(id);
        if (!state)
            return state.error();
        if (*state != "pending")
            return fail(ErrorCode::conflict, "it is " + *state);
        return db_.execute(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_ms = ?, last_error = ? WHERE id = ?",
            {nextAttemptMs, scrubIdNumbers(error), id});
    });
    if (!marked)
        return marked.error().withContext("scheduling a retry of " + entryName(id));
    return {};
}

Status Outbox::markFailed(std::int64_t id, const std::string& error) {
    auto marked = db_.transaction([&] { return markFailedLocked(id, error, true); });
    if (!marked)
        return marked.error().withContext("marking " + entryName(id) + " failed");
    return {};
}

Status Outbox::markFailedLocked(std::int64_t id, const std::string& error, bool countAttempt) {
    auto state = stateOf(id);
    if (!state)
        return state.error();
    if (*state != "pending" && *state != "failed")
        return fail(ErrorCode::conflict, "it is already " + *state);
    const std::int64_t now = wallNow();
    if (auto updated = db_.execute(
            "UPDATE outbox SET state = 'failed', last_error = ?, attempts = attempts + ?, failed_ms = ? "
            "WHERE id = ?",
            {scrubIdNumbers(error), std::int64_t{countAttempt ? 1 : 0}, now, id});
        !updated)
        return updated;
    std::string receiptNo, kind;
    if (auto read = db_.query("SELECT receipt_no, kind FROM outbox WHERE id = ?", {id},
                              [&](const Row& row) {
                                  receiptNo = row.text(0);
                                  kind = row.text(1);
                              });
        !read)
        return read;
    if (auto audited = AuditLog(db_).append(kActor, "outbox.refused",
                                            entryName(id) + " (" + kind + " " + receiptNo +
                                                ") failed, payload kept for a technician: " + error,
                                            now);
        !audited)
        return audited;
    return setReceiptDelivery(db_, id, "failed");
}

Status Outbox::housekeeping(std::int64_t nowMs) {
    auto expired = expireFailed(nowMs);
    if (!expired)
        return expired.error();
    return {};
}

Status Outbox::purgeCheckpoint(const std::string& what) {
    // The purge is committed; a checkpoint that cannot run now leaves the zeroed pages to the next one.
    if (auto checkpointed = db_.checkpoint(); !checkpointed)
        log::warn(kComponent, "after " + what + ": " + checkpointed.error().message);
    return {};
}

Expected<int> Outbox::expireFailed(std::int64_t nowMs) {
    int count = 0;
    auto expired = db_.transaction([&]() -> Status {
        count = 0;
        struct Expiring {
            std::int64_t id;
            std::string kind, receiptNo;
        };
        std::vector<Expiring> expiring;
        if (auto read = db_.query("SELECT id, kind, receipt_no FROM outbox WHERE state = 'failed' AND "
                                  "failed_ms <= ? ORDER BY id",
                                  {nowMs - options_.failedRetentionMs},
                                  [&](const Row& row) {
                                      expiring.push_back({row.integer(0), row.text(1), row.text(2)});
                                  });
            !read)
            return read;
        for (const Expiring& e : expiring) {
            if (auto updated = db_.execute(
                    "UPDATE outbox SET state = 'expired', sealed_payload = NULL WHERE id = ?", {e.id});
                !updated)
                return updated;
            if (auto audited = AuditLog(db_).append(
                    kActor, "outbox.expire",
                    entryName(e.id) + " (" + e.kind + " " + e.receiptNo +
                        "): failed longer than the retention period, sealed payload purged",
                    nowMs);
                !audited)
                return audited;
            ++count;
        }
        return {};
    });
    if (!expired)
        return expired.error().withContext("expiring failed outbox entries");
    if (count > 0) {
        log::warn(kComponent, "purged the sealed payload of " + std::to_string(count) +
                                  " failed outbox entries past their retention");
        (void)purgeCheckpoint("expiring failed entries");
    }
    return count;
}

Status Outbox::discard(std::int64_t id, const std::string& reason, const std::string& technician,
                       std::int64_t nowMs) {
    const std::string what = "discarding " + entryName(id);
    if (reason.empty() || technician.empty())
        return fail(ErrorCode::invalidInput, what + ": a discard needs a reason and a technician");
    auto discarded = db_.transaction([&]() -> Status {
        auto state = stateOf(id);
        if (!state)
            return state.error();
        if (*state != "failed")
            return fail(ErrorCode::conflict, "it is " + *state + "; only a failed entry can be discarded");
        std::string receiptNo, kind;
        if (auto read = db_.query("SELECT receipt_no, kind FROM outbox WHERE id = ?", {id},
                                  [&](const Row& row) {
                                      receiptNo = row.text(0);
                                      kind = row.text(1);
                                  });
            !read)
            return read;
        if (auto updated = db_.execute("UPDATE outbox SET state = 'discarded', sealed_payload = NULL, "
                                       "last_error = ? WHERE id = ?",
                                       {scrubIdNumbers("discarded by " + technician + ": " + reason), id});
            !updated)
            return updated;
        return AuditLog(db_).append(
            "technician", "outbox.discard",
            entryName(id) + " (" + kind + " " + receiptNo + ") discarded by " + technician + ": " + reason,
            nowMs);
    });
    if (!discarded)
        return discarded.error().withContext(what);
    log::warn(kComponent,
              entryName(id) + " discarded by " + scrubIdNumbers(technician) + ": " + scrubIdNumbers(reason));
    return purgeCheckpoint(what);
}

Expected<std::vector<OutboxRecord>> Outbox::needingTechnician() {
    std::vector<OutboxRecord> records;
    auto read = db_.query(
        "SELECT id, receipt_no, state, attempts, created_ms, next_attempt_ms, last_error, failed_ms FROM "
        "outbox WHERE state = 'failed' AND kind = 'application' AND sealed_payload IS NOT NULL ORDER BY id",
        {}, [&](const Row& row) {
            records.push_back({row.integer(0), network::OutboxKind::application, row.text(1), row.text(2),
                               static_cast<int>(row.integer(3)), row.integer(4), row.integer(5), row.text(6),
                               true, row.integer(7)});
        });
    if (!read)
        return read.error().withContext("listing the entries that need a technician");
    return records;
}

Expected<OutboxSummary> Outbox::summary() {
    OutboxSummary summary;
    auto read = db_.query("SELECT state, COUNT(*) FROM outbox GROUP BY state", {}, [&](const Row& row) {
        const std::string state = row.text(0);
        const int count = static_cast<int>(row.integer(1));
        if (state == "pending")
            summary.pending = count;
        else if (state == "failed")
            summary.failed = count;
        else if (state == "delivered")
            summary.delivered = count;
        else if (state == "expired")
            summary.expired = count;
        else if (state == "discarded")
            summary.discarded = count;
    });
    if (!read)
        return read.error().withContext("summarising the outbox");
    if (auto counted = db_.query(
            "SELECT COUNT(*) FROM outbox WHERE state = 'failed' AND kind = 'application' "
            "AND sealed_payload IS NOT NULL",
            {}, [&](const Row& row) { summary.needsTechnician = static_cast<int>(row.integer(0)); });
        !counted)
        return counted.error().withContext("summarising the outbox");
    return summary;
}

Expected<std::vector<OutboxRecord>> Outbox::list(int limit) {
    if (limit < 0)
        return fail(ErrorCode::invalidInput, "listing the outbox: negative limit");
    std::vector<OutboxRecord> records;
    std::optional<std::string> badKind;
    auto read = db_.query(
        "SELECT id, kind, receipt_no, state, attempts, created_ms, next_attempt_ms, last_error, "
        "sealed_payload IS NOT NULL, COALESCE(failed_ms, 0) FROM outbox ORDER BY id DESC LIMIT ?",
        {std::int64_t{limit}}, [&](const Row& row) {
            const auto kind = parseKind(row.text(1));
            if (!kind) {
                badKind = row.text(1);
                return;
            }
            records.push_back({row.integer(0), *kind, row.text(2), row.text(3),
                               static_cast<int>(row.integer(4)), row.integer(5), row.integer(6), row.text(7),
                               row.integer(8) != 0, row.integer(9)});
        });
    if (!read)
        return read.error().withContext("listing the outbox");
    if (badKind)
        return fail(ErrorCode::database, "listing the outbox: an entry has the unknown kind " + *badKind);
    return records;
}

Status Outbox::retryNow(std::int64_t id, std::int64_t nowMs) {
    auto requeued = db_.transaction([&]() -> Status {
        auto state = stateOf(id);
        if (!state)
            return state.error();
        if (*state != "pending" && *state != "failed")
            return fail(ErrorCode::conflict, "it is already " + *state);
        if (auto updated = db_.execute(
                "UPDATE outbox SET state = 'pending', next_attempt_ms = ?, failed_ms = NULL WHERE id = ?",
                {nowMs, id});
            !updated)
            return updated;
        return setReceiptDelivery(db_, id, "queued");
    });
    if (!requeued)
        return requeued.error().withContext("retrying " + entryName(id) + " now");
    return {};
}

Expected<std::string> Outbox::stateOf(std::int64_t id) {
    std::optional<std::string> state;
    auto read = db_.query("SELECT state FROM outbox WHERE id = ?", {id},
                          [&](const Row& row) { state = row.text(0); });
    if (!read)
        return read.error();
    if (!state)
        return fail(ErrorCode::notFound, "no such entry");
    return *state;
}

}  // namespace yimen::kiosk::store
