// The durable outbox: writes for the platform, sealed at rest, delivered exactly once, purged when
// acknowledged.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/error.h"
#include "kiosk/store/database.h"
#include "kiosk/store/sealed_box.h"
#include "network/outbox_queue.h"

namespace yimen::kiosk::store {

// One entry as the technician view shows it: bookkeeping only, no personal data.
struct OutboxRecord {
    std::int64_t id = 0;
    network::OutboxKind kind = network::OutboxKind::application;
    std::string receiptNo;
    std::string state;  // "pending" | "delivered" | "failed" | "expired" | "discarded"
    int attempts = 0;
    std::int64_t createdMs = 0;
    std::int64_t nextAttemptMs = 0;
    std::string lastError;      // for failed: the platform's "code: message"
    bool sealed = false;        // the sealed payload is still held
    std::int64_t failedMs = 0;  // when it failed (0 if it never did)
};

struct OutboxSummary {
    int pending = 0;
    int failed = 0;
    int delivered = 0;
    int expired = 0;
    int discarded = 0;
    // Failed applications that still hold their payload: a citizen holds a receipt the platform refused,
    // and a technician must look (retryNow or discard). The health board shows "needs a technician".
    int needsTechnician = 0;
};

struct OutboxOptions {
    // After this long a failed entry's sealed payload is purged (state expired); config key
    // outbox.failedRetentionDays.
    std::int64_t failedRetentionMs = std::int64_t{30} * 24 * 3600 * 1000;
    // The wall clock (ms since the epoch) for failure times and audit records; system time when empty.
    std::function<std::int64_t()> wallClock;
};

const char* toString(network::OutboxKind kind);

// Lifecycle of an entry: pending --markDelivered--> delivered (payload purged, final)
//                       pending --markRetry--> pending (attempts + 1, due at the given time)
//                       pending --markFailed--> failed (kept with its payload, never due, audited)
//                       failed/pending --retryNow--> pending, due now
//                       failed --retention passed--> expired (payload purged, audited)
//                       failed --discard--> discarded (payload purged with a reason, audited)
// For an application, the receipt with the entry's receipt number follows: delivered or failed, and back
// to queued on retryNow. Ratings leave receipts alone.
//
// Personal data lives only inside sealed_payload, sealed with the entry's idempotency key as associated
// data. Error messages and platform responses are stored with ID numbers masked.
//
// Borrows db and box, which must outlive it. Thread-safe: the sync thread may call the OutboxQueue
// methods while the main thread enqueues; every call is one transaction on the shared connection.
class Outbox : public network::OutboxQueue {
public:
    Outbox(Database& db, const SealedBox& box, OutboxOptions options = {});

    // Seals payloadJson (associated data: idempotencyKey) and inserts a pending entry due at nowMs.
    // Committed when it returns, or part of the caller's transaction if one is open on this thread.
    // Enqueuing an idempotency key that is already in the outbox returns the existing entry's id and keeps
    // its first payload, so a caller that retries after a crash never queues a write twice; the same key
    // with another kind is a conflict. Errors: invalidInput for an empty key, crypto, database.
    [[nodiscard]] Expected<std::int64_t> enqueue(network::OutboxKind kind, const std::string& idempotencyKey,
                                                 const std::string& receiptNo, const std::string& payloadJson,
                                                 std::int64_t nowMs);

    // network::OutboxQueue. due() opens each payload; an entry that does not open (corrupted, or sealed
    // under another key) is marked failed with the reason and not returned, and its place is filled by
    // the next due entry. mark* return notFound for an unknown id and conflict for an entry that is
    // already delivered (markDelivered on a delivered entry succeeds and changes nothing); markRetry is
    // also a conflict on a failed entry, which only retryNow brings back. A late markDelivered on a
    // failed entry is accepted: the platform has it.
    // An entry scheduled further ahead than nowMs + horizonMs is due as well (a clock stepped back).
    [[nodiscard]] Expected<std::vector<network::OutboxEntry>> due(std::int64_t nowMs, int limit,
                                                                  std::int64_t horizonMs) override;
    // In one transaction: state delivered, sealed payload deleted, the response kept, and for an application
    // the receipt marked delivered. Afterwards the WAL is checkpointed so the purged payload is gone from
    // the files on disk too.
    [[nodiscard]] Status markDelivered(std::int64_t id, const std::string& responseJson) override;
    [[nodiscard]] Status markRetry(std::int64_t id, std::int64_t nextAttemptMs,
                                   const std::string& error) override;
    // Keeps the sealed payload, records when it failed, and writes an audit record (outbox.refused);
    // a failed application counts in summary().needsTechnician until retried, discarded or expired.
    [[nodiscard]] Status markFailed(std::int64_t id, const std::string& error) override;
    // Runs expireFailed(nowMs): the sync calls it before each pass.
    [[nodiscard]] Status housekeeping(std::int64_t nowMs) override;

    // Purges the sealed payload of every failed entry that failed failedRetentionMs or longer before nowMs:
    // state expired, bookkeeping kept, one audit record each (outbox.expire), then a WAL checkpoint.
    // Returns how many expired. Errors: database.
    [[nodiscard]] Expected<int> expireFailed(std::int64_t nowMs);
    // Technician action: a failed entry's payload is purged, state discarded, the reason and the
    // technician kept in last_error and in an audit record (outbox.discard). invalidInput for an empty
    // reason or technician, notFound for an unknown id, conflict for an entry that is not failed (pending,
    // delivered, expired or already discarded).
    [[nodiscard]] Status discard(std::int64_t id, const std::string& reason, const std::string& technician,
                                 std::int64_t nowMs);
    // Failed applications that still hold their payload, oldest first: what summary().needsTechnician
    // counts.
    [[nodiscard]] Expected<std::vector<OutboxRecord>> needingTechnician();

    [[nodiscard]] Expected<OutboxSummary> summary();
    // The latest `limit` entries, newest first. invalidInput for a negative limit.
    [[nodiscard]] Expected<std::vector<OutboxRecord>> list(int limit);
    // Technician action: a failed or pending entry becomes pending and due at nowMs; its error is kept
    // until the next attempt reports. conflict for a delivered, expired or discarded entry (nothing left to
    // send), notFound for an unknown id.
    [[nodiscard]] Status retryNow(std::int64_t id, std::int64_t nowMs);

private:
    [[nodiscard]] Status markFailedLocked(std::int64_t id, const std::string& error, bool countAttempt);
    [[nodiscard]] Expected<std::string> stateOf(std::int64_t id);
    [[nodiscard]] Status purgeCheckpoint(const std::string& what);
    std::int64_t wallNow() const;

    Database& db_;
    const SealedBox& box_;
    OutboxOptions options_;
};

}  // namespace yimen::kiosk::store
