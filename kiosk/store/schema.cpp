// The store's migration steps, oldest first.
#include "kiosk/store/schema.h"

namespace yimen::kiosk::store {
namespace {

// Version 1: receipts, the sealed outbox and the catalog cache.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE receipts (
    receipt_no      TEXT PRIMARY KEY NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    query_code      TEXT NOT NULL,
    item_id         TEXT NOT NULL,
    item_name       TEXT NOT NULL,
    department      TEXT NOT NULL,
    masked_id       TEXT NOT NULL,
    time_limit_days INTEGER NOT NULL,
    created_ms      INTEGER NOT NULL,
    delivery        TEXT NOT NULL CHECK (delivery IN ('queued', 'delivered', 'failed'))
);
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT NOT NULL CHECK (kind IN ('application', 'rating')),
    idempotency_key TEXT NOT NULL UNIQUE,
    receipt_no      TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_ms      INTEGER NOT NULL,
    next_attempt_ms INTEGER NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    sealed_payload  BLOB,
    response_json   TEXT
);
CREATE TABLE catalog_cache (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    etag     TEXT NOT NULL,
    json     TEXT NOT NULL,
    saved_ms INTEGER NOT NULL
);
)sql";

// Version 2: the append-only audit log, per-day receipt counters (filled from the receipts already
// issued, so numbering continues where it stopped) and an index for the sync thread's due query.
constexpr const char* kVersion2 = R"sql(
CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms  INTEGER NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TABLE receipt_counters (
    prefix   TEXT PRIMARY KEY NOT NULL,
    last_seq INTEGER NOT NULL CHECK (last_seq BETWEEN 1 AND 9999)
);
INSERT INTO receipt_counters (prefix, last_seq)
    SELECT substr(receipt_no, 1, 12), MAX(CAST(substr(receipt_no, 13, 4) AS INTEGER))
    FROM receipts
    WHERE length(receipt_no) = 16
    GROUP BY substr(receipt_no, 1, 12);

CREATE INDEX outbox_due ON outbox (state, next_attempt_ms);
)sql";

// Version 3: failed entries that need a technician (with the time they failed, for their retention) and
// the states a failed entry ends in once its payload is purged (expired, discarded); receipt-number floors
// learnt from the platform, so a kiosk whose database was lost never reuses a number. SQLite cannot change
// a CHECK in place, so the outbox is copied into a new table. Entries that failed before this version get
// the migration time as their failure time: their retention starts now, not in the past.
constexpr const char* kVersion3 = R"sql(
CREATE TABLE outbox_v3 (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT NOT NULL CHECK (kind IN ('application', 'rating')),
    idempotency_key TEXT NOT NULL UNIQUE,
    receipt_no      TEXT NOT NULL,
    state           TEXT NOT NULL
                    CHECK (state IN ('pending', 'delivered', 'failed', 'expired', 'discarded')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_ms      INTEGER NOT NULL,
    next_attempt_ms INTEGER NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    sealed_payload  BLOB,
    response_json   TEXT,
    failed_ms       INTEGER
);
INSERT INTO outbox_v3 (id, kind, idempotency_key, receipt_no, state, attempts, created_ms, next_attempt_ms,
                       last_error, sealed_payload, response_json, failed_ms)
    SELECT id, kind, idempotency_key, receipt_no, state, attempts, created_ms, next_attempt_ms, last_error,
           sealed_payload, response_json,
           CASE WHEN state = 'failed' THEN CAST(strftime('%s', 'now') AS INTEGER) * 1000 END
    FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v3 RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (state, next_attempt_ms);

CREATE TABLE receipt_floors (
    prefix   TEXT PRIMARY KEY NOT NULL,
    last_seq INTEGER NOT NULL CHECK (last_seq BETWEEN 0 AND 9999),
    source   TEXT NOT NULL CHECK (source IN ('platform', 'offline')),
    at_ms    INTEGER NOT NULL
);
)sql";

// Version 4: the durable print ledger (kiosk/store/print_ledger.h): each committed receipt's way to the
// citizen (committed, shown, printed). Receipts issued before it are taken as printed: nobody can say now.
constexpr const char* kVersion4 = R"sql(
CREATE TABLE print_ledger (
    receipt_no   TEXT PRIMARY KEY NOT NULL,
    stage        TEXT NOT NULL CHECK (stage IN ('committed', 'shown', 'printed')),
    committed_ms INTEGER NOT NULL,
    shown_ms     INTEGER,
    printed_ms   INTEGER
);
INSERT INTO print_ledger (receipt_no, stage, committed_ms, printed_ms)
    SELECT receipt_no, 'printed', created_ms, created_ms FROM receipts;
CREATE INDEX print_ledger_unprinted ON print_ledger (stage, committed_ms);
)sql";

constexpr Migration kMigrations[] = {
    {1, "receipts, sealed outbox and catalog cache", kVersion1},
    {2, "audit log, per-day receipt counters and the due-entry index", kVersion2},
    {3, "failed entries kept for a technician, their retention, and receipt-number floors", kVersion3},
    {4, "the durable print ledger", kVersion4},
};

}  // namespace

std::span<const Migration> schemaMigrations() {
    return kMigrations;
}

}  // namespace yimen::kiosk::store
