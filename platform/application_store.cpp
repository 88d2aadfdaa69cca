// SQLite backend of the platform's database. Every write that must be all-or-nothing runs in a
// BEGIN IMMEDIATE transaction, so a second process (the `advance` command) waits instead of interleaving.
#include "platform/application_store.h"

#include <condition_variable>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "common/id_number.h"
#include "common/log.h"
#include "common/sqlite/database.h"
#include "common/worker.h"
#include "platform/application_state.h"
#include "platform/digest.h"
#include "platform/timestamps.h"

namespace yimen::platform {
namespace {

using sqlite::Row;

// Version 1: the catalog, applications and their timelines, ratings and idempotency records.
constexpr const char* kVersion1 = R"sql(
    CREATE TABLE catalog (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version TEXT NOT NULL,
        json TEXT NOT NULL,
        saved_at TEXT NOT NULL);
    CREATE TABLE applications (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        receipt_no TEXT NOT NULL UNIQUE,
        query_code TEXT NOT NULL,
        item_id TEXT NOT NULL,
        item_name TEXT NOT NULL,
        department TEXT NOT NULL,
        kiosk_id TEXT NOT NULL,
        applicant_json TEXT NOT NULL,
        answers_json TEXT NOT NULL,
        submitted_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL);
    CREATE INDEX applications_open ON applications(status);
    CREATE TABLE application_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        application_id INTEGER NOT NULL REFERENCES applications(id),
        status TEXT NOT NULL,
        at TEXT NOT NULL,
        note TEXT NOT NULL);
    CREATE INDEX application_events_by_application ON application_events(application_id, id);
    CREATE TABLE ratings (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        receipt_no TEXT NOT NULL,
        level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
        tags_json TEXT NOT NULL,
        comment TEXT NOT NULL,
        kiosk_id TEXT NOT NULL,
        created_at TEXT NOT NULL);
    CREATE TABLE idempotency_keys (
        kiosk_id TEXT NOT NULL,
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        body_fingerprint TEXT NOT NULL,
        response_status INTEGER NOT NULL,
        response_body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (kiosk_id, scope, key));
    )sql";

// Version 2: every catalog version ever served, so an application is judged by the rules it was made under;
// the kiosk registry that binds receipt prefixes to certificates; when the retention rule purged an
// application's personal fields.
constexpr const char* kVersion2 = R"sql(
    CREATE TABLE catalog_versions (
        version TEXT PRIMARY KEY,
        json TEXT NOT NULL,
        first_served_at TEXT NOT NULL);
    INSERT INTO catalog_versions(version, json, first_served_at) SELECT version, json, saved_at FROM catalog;
    CREATE TABLE kiosks (
        kiosk_id TEXT PRIMARY KEY,
        terminal_number INTEGER NOT NULL UNIQUE CHECK (terminal_number BETWEEN 1 AND 9999),
        registered_at TEXT NOT NULL);
    ALTER TABLE applications ADD COLUMN personal_purged_at TEXT;
    )sql";

// Version 3: the applications the platform refused for good after the kiosk issued their receipt, so the
// citizen tracking the receipt learns it. No personal data: the query code only as a hash.
constexpr const char* kVersion3 = R"sql(
    CREATE TABLE refusals (
        receipt_no TEXT NOT NULL,
        query_code_hash TEXT NOT NULL,
        item_id TEXT NOT NULL,
        kiosk_id TEXT NOT NULL,
        submitted_at TEXT NOT NULL,
        refused_at TEXT NOT NULL,
        reason_code TEXT NOT NULL,
        reason_message TEXT NOT NULL,
        PRIMARY KEY (receipt_no, query_code_hash));
    )sql";

// The schema history, oldest first. Never edit a step that has shipped; append.
constexpr sqlite::Migration kMigrations[] = {
    {1, "catalog, applications, timelines, ratings and idempotency keys", kVersion1},
    {2, "catalog versions, the kiosk registry and the retention mark", kVersion2},
    {3, "refusals of applications whose receipt was issued", kVersion3},
};

std::string recordId(char prefix, std::int64_t rowId) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%c%06lld", prefix, static_cast<long long>(rowId));
    return buffer;
}

std::string toJsonText(const std::map<std::string, std::string>& values) {
    return nlohmann::json(values).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::map<std::string, std::string> fromJsonText(const std::string& text) {
    std::map<std::string, std::string> values;
    const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
    if (!parsed.is_object())
        return values;
    for (const auto& [key, value] : parsed.items())
        if (value.is_string())
            values[key] = value.get<std::string>();
    return values;
}

// A violated constraint is a conflict in the SQLite layer; where the caller reads conflict as "the receipt
// number is taken", any other failed write is a database error.
Error asDatabaseError(Error e) {
    if (e.code == ErrorCode::conflict)
        e.code = ErrorCode::database;
    return e;
}

Status appendEvent(sqlite::Database& db, std::int64_t applicationId, const std::string& status,
                   const std::string& at, const std::string& note) {
    if (Status s = db.execute(
            "INSERT INTO application_events(application_id, status, at, note) VALUES (?1, ?2, ?3, ?4)",
            {applicationId, status, at, note});
        !s)
        return fail(asDatabaseError(s.error()).withContext("adding the timeline entry"));
    return {};
}

// The outcome stored under the write's key (replayed, or keyReused when the body differs); nothing when the
// key is new.
Expected<std::optional<WriteResult>> lookUpKey(sqlite::Database& db, const IdempotentWrite& write) {
    std::optional<WriteResult> found;
    Status s = db.query(
        "SELECT body_fingerprint, response_status, response_body FROM idempotency_keys "
        "WHERE kiosk_id = ?1 AND scope = ?2 AND key = ?3",
        {write.kioskId, write.scope, write.key}, [&](const Row& row) {
            if (row.text(0) != write.bodyFingerprint)
                found = WriteResult{WriteResult::Kind::keyReused, 0, {}};
            else
                found =
                    WriteResult{WriteResult::Kind::replayed, static_cast<int>(row.integer(1)), row.text(2)};
        });
    if (!s)
        return fail(s.error().withContext("looking up the idempotency key"));
    return found;
}

// The query code of a refusal is kept only as this hash, bound to its receipt number.
std::string queryCodeHash(const std::string& receiptNo, const std::string& queryCode) {
    return sha256Hex(receiptNo + "\n" + queryCode);
}

}  // namespace

std::string databasePath(const std::string& stateDir) {
    return stateDir + "/platform.db";
}

// One write handed to the writer; lives on the stack of the thread that waits for it.
struct ApplicationStore::PendingWrite {
    const IdempotentWrite& write;
    const RecordInserter& insertRecord;
    const AnswerBuilder& answer;
    std::optional<Expected<WriteResult>> result;  // set by the writer, under Writer::mutex
};

struct ApplicationStore::Writer {
    std::mutex mutex;
    std::condition_variable finished;  // a batch's results were handed out
    std::vector<PendingWrite*> waiting;
    bool closed = false;  // the store is closing: no write is taken any more
    Worker worker{"platform-writer"};
};

ApplicationStore::ApplicationStore(std::unique_ptr<sqlite::Database> db)
    : db_(std::move(db)), writer_(std::make_unique<Writer>()) {
    writer_->worker.start([this](StopToken& stop) {
        for (;;) {
            std::vector<PendingWrite*> batch;
            {
                std::lock_guard lock(writer_->mutex);
                batch.swap(writer_->waiting);
            }
            if (!batch.empty()) {
                commitBatch(batch);
                continue;
            }
            // A wake() that came while the batch was being stored ends this wait at once.
            if (!stop.waitFor(std::chrono::hours(1)))
                return;
        }
    });
}

ApplicationStore::~ApplicationStore() {
    writer_->worker.stop();
    // What came after the last batch is refused, so no caller waits for a writer that is gone.
    std::lock_guard lock(writer_->mutex);
    writer_->closed = true;
    for (PendingWrite* pending : writer_->waiting)
        pending->result = fail(ErrorCode::database, "the platform database is closing");
    writer_->waiting.clear();
    writer_->finished.notify_all();
}

Expected<std::unique_ptr<ApplicationStore>> ApplicationStore::open(const std::string& path) {
    // The platform is the system of record: once it answers 201 the kiosk deletes its only copy, so a
    // commit must survive a power loss before the answer goes out; the layer's synchronous=FULL syncs the WAL
    // at every commit (NORMAL would only at checkpoints), and secure_delete zeroes what the retention rule
    // purges. The state folder holds the PKI too and is kept by StateDir, so the layer leaves it alone; the
    // database grows with every application, so it is not read through at every start.
    Expected<std::unique_ptr<sqlite::Database>> db =
        sqlite::Database::open(path, sqlite::OpenOptions{kMigrations, "the platform database", false, false});
    if (!db)
        return fail(db.error());
    return std::unique_ptr<ApplicationStore>(new ApplicationStore(std::move(*db)));
}

Expected<WriteResult> ApplicationStore::idempotentInsert(const IdempotentWrite& write,
                                                         const RecordInserter& insertRecord,
                                                         const AnswerBuilder& answer) {
    PendingWrite pending{write, insertRecord, answer, std::nullopt};
    std::unique_lock lock(writer_->mutex);
    if (writer_->closed)
        return fail(ErrorCode::database, "the platform database is closing");
    writer_->waiting.push_back(&pending);
    writer_->worker.wake();
    writer_->finished.wait(lock, [&] { return pending.result.has_value(); });
    return std::move(*pending.result);
}

Expected<WriteResult> ApplicationStore::insertInBatch(const IdempotentWrite& write,
                                                      const RecordInserter& insertRecord,
                                                      const AnswerBuilder& answer) {
    // Two attempts: if another connection stored the same key between our lookup and insert (the UNIQUE
    // constraint says so), the second attempt finds and replays it.
    for (int attempt = 0; attempt < 2; ++attempt) {
        std::optional<WriteResult> outcome;
        bool keyTaken = false;
        // Every way out but a new record rolls back to the savepoint: an outcome found or decided here
        // travels in `outcome` with a failed Status, so nothing of the attempt stays in the batch.
        Status s = db_->transaction([&]() -> Status {
            Expected<std::optional<WriteResult>> earlier = lookUpKey(*db_, write);
            if (!earlier)
                return fail(earlier.error());
            if (*earlier) {
                outcome = **earlier;
                return {};
            }
            const std::string createdAt = utcNowIso8601();
            Expected<std::string> id = insertRecord(createdAt);
            if (!id) {
                // The inserters say why a record cannot be: its receipt is taken (an application's number, or
                // an application rated before), or unknown (a rating's).
                if (id.error().code == ErrorCode::conflict)
                    outcome = WriteResult{write.scope == "ratings" ? WriteResult::Kind::alreadyRated
                                                                   : WriteResult::Kind::duplicateReceipt,
                                          0,
                                          {}};
                else if (id.error().code == ErrorCode::notFound)
                    outcome = WriteResult{WriteResult::Kind::unknownReceipt, 0, {}};
                return fail(id.error());
            }
            const std::string body = answer(*id, createdAt);
            Status remembered = db_->execute(
                "INSERT INTO idempotency_keys(kiosk_id, scope, key, body_fingerprint, response_status, "
                "response_body, created_at) VALUES (?1, ?2, ?3, ?4, 201, ?5, ?6)",
                {write.kioskId, write.scope, write.key, write.bodyFingerprint, body, createdAt});
            if (!remembered) {
                keyTaken = remembered.error().code == ErrorCode::conflict;
                return fail(remembered.error().withContext("recording the idempotency key"));
            }
            outcome = WriteResult{WriteResult::Kind::created, 201, body};
            return {};
        });
        // A refusal decided by the inserter (duplicateReceipt, alreadyRated, unknownReceipt) rolled its
        // attempt back and is this write's outcome.
        if (outcome && (s || outcome->kind != WriteResult::Kind::created))
            return *outcome;
        if (keyTaken)
            continue;  // rolled back; look again
        if (!s)
            return fail(s.error());
    }
    return fail(ErrorCode::database, "the idempotency key kept changing under a concurrent writer");
}

void ApplicationStore::commitBatch(const std::vector<PendingWrite*>& batch) {
    std::vector<Expected<WriteResult>> outcomes;
    outcomes.reserve(batch.size());
    // The batch's writes in order, each as if alone: a later write sees what an earlier one stored (its key,
    // its receipt number), so a replay or a conflict inside the batch is judged as it would be one by one.
    // A database error is not one write's outcome: SQLite may have rolled the whole transaction back, and a
    // later write would then be stored outside it; the batch stops and nothing of it is stored.
    Status committed = db_->transaction([&]() -> Status {
        for (PendingWrite* pending : batch) {
            Expected<WriteResult> outcome =
                insertInBatch(pending->write, pending->insertRecord, pending->answer);
            if (!outcome)
                return fail(outcome.error());
            outcomes.push_back(std::move(outcome));
        }
        return {};
    });
    if (!committed)
        log::error("store", committed.error()
                                .withContext("storing a batch of " + std::to_string(batch.size()) + " writes")
                                .describe());
    std::lock_guard lock(writer_->mutex);
    for (std::size_t i = 0; i < batch.size(); ++i)
        batch[i]->result =
            committed ? std::move(outcomes[i]) : Expected<WriteResult>(fail(committed.error()));
    writer_->finished.notify_all();
}

Expected<WriteResult> ApplicationStore::createApplication(const IdempotentWrite& write,
                                                          const NewApplication& application,
                                                          const AnswerBuilder& answer) {
    // Runs on the writer's thread, inside its batch.
    auto insertRecord = [&](const std::string& createdAt) -> Expected<std::string> {
        bool taken = false;
        if (Status s = db_->query("SELECT 1 FROM applications WHERE receipt_no = ?1", {application.receiptNo},
                                  [&](const Row&) { taken = true; });
            !s)
            return fail(s.error().withContext("looking up the receipt number"));
        if (taken)
            return fail(ErrorCode::conflict, "receipt number already used");

        const std::string submitted = toString(ApplicationState::submitted);
        Expected<std::int64_t> rowId = db_->insert(
            "INSERT INTO applications(receipt_no, query_code, item_id, item_name, department, "
            "kiosk_id, applicant_json, answers_json, submitted_at, created_at, status) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            {application.receiptNo, application.queryCode, application.itemId, application.itemName,
             application.department, write.kioskId, toJsonText(application.applicant),
             toJsonText(application.answers), application.submittedAt, createdAt, submitted});
        if (!rowId) {
            if (rowId.error().code == ErrorCode::conflict)
                return fail(ErrorCode::conflict, "receipt number already used");
            return fail(rowId.error().withContext("storing the application"));
        }
        if (Status s = appendEvent(*db_, *rowId, submitted, application.submittedAt, ""); !s)
            return fail(s.error());
        return recordId('A', *rowId);
    };
    return idempotentInsert(write, insertRecord, answer);
}

Expected<WriteResult> ApplicationStore::createRating(const IdempotentWrite& write, const NewRating& rating,
                                                     const AnswerBuilder& answer) {
    // Runs on the writer's thread, inside its batch.
    auto insertRecord = [&](const std::string& createdAt) -> Expected<std::string> {
        if (!rating.receiptNo.empty()) {
            bool held = false;
            bool rated = false;
            Status s = db_->query("SELECT 1 FROM applications WHERE receipt_no = ?1", {rating.receiptNo},
                                  [&](const Row&) { held = true; });
            if (s)
                s = db_->query("SELECT 1 FROM ratings WHERE receipt_no = ?1 LIMIT 1", {rating.receiptNo},
                               [&](const Row&) { rated = true; });
            if (!s)
                return fail(s.error().withContext("looking up the rated application"));
            if (!held)
                return fail(ErrorCode::notFound, "no application with receipt " + rating.receiptNo);
            if (rated)
                return fail(ErrorCode::conflict, "application " + rating.receiptNo + " was rated before");
        }
        const std::string tags =
            nlohmann::json(rating.tags).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        Expected<std::int64_t> rowId = db_->insert(
            "INSERT INTO ratings(receipt_no, level, tags_json, comment, kiosk_id, created_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            {rating.receiptNo, static_cast<std::int64_t>(rating.level), tags, rating.comment, write.kioskId,
             createdAt});
        if (!rowId)
            return fail(asDatabaseError(rowId.error()).withContext("storing the rating"));
        return recordId('R', *rowId);
    };
    return idempotentInsert(write, insertRecord, answer);
}

Expected<StoredApplication> ApplicationStore::loadApplication(const std::string& receiptNo) {
    std::optional<StoredApplication> found;
    std::int64_t rowId = 0;
    Status s = db_->query(
        "SELECT id, receipt_no, query_code, item_id, item_name, department, kiosk_id, applicant_json, "
        "answers_json, submitted_at, created_at, status FROM applications WHERE receipt_no = ?1",
        {receiptNo}, [&](const Row& row) {
            StoredApplication a;
            rowId = row.integer(0);
            a.applicationId = recordId('A', rowId);
            a.receiptNo = row.text(1);
            a.queryCode = row.text(2);
            a.itemId = row.text(3);
            a.itemName = row.text(4);
            a.department = row.text(5);
            a.kioskId = row.text(6);
            a.applicant = fromJsonText(row.text(7));
            a.answers = fromJsonText(row.text(8));
            a.submittedAt = row.text(9);
            a.createdAt = row.text(10);
            a.status = row.text(11);
            found = std::move(a);
        });
    if (!s)
        return fail(s.error().withContext("reading the application"));
    if (!found)
        return fail(ErrorCode::notFound, "no application with receipt " + receiptNo);

    s = db_->query("SELECT status, at, note FROM application_events WHERE application_id = ?1 ORDER BY id",
                   {rowId}, [&](const Row& row) {
                       TimelineEntry e;
                       e.status = row.text(0);
                       const auto state = parseApplicationState(e.status);
                       e.text = state ? displayText(*state) : e.status;
                       e.at = row.text(1);
                       e.note = row.text(2);
                       // Every step after the kiosk's submission is the item's department's; the department
                       // is the application's, so it is not stored again with each step.
                       if (state != ApplicationState::submitted)
                           e.department = found->department;
                       if (state == ApplicationState::rejected)
                           e.nextStep = kRejectionNextStep;
                       found->timeline.push_back(std::move(e));
                   });
    if (!s)
        return fail(s.error().withContext("reading the timeline"));
    s = db_->query("SELECT created_at FROM ratings WHERE receipt_no = ?1 ORDER BY id LIMIT 1", {receiptNo},
                   [&](const Row& row) { found->ratedAt = row.text(0); });
    if (!s)
        return fail(s.error().withContext("reading the rating"));
    return std::move(*found);
}

Expected<StoredApplication> ApplicationStore::application(const std::string& receiptNo) {
    std::lock_guard lock(mutex_);
    return loadApplication(receiptNo);
}

Expected<std::vector<StoredApplication>> ApplicationStore::applicationsOfHolder(const std::string& idNumber,
                                                                                std::size_t limit) {
    std::lock_guard lock(mutex_);
    std::vector<std::string> receipts;
    Status s = db_->query(
        "SELECT receipt_no FROM applications WHERE json_extract(applicant_json, '$.idNumber') = ?1 "
        "ORDER BY id DESC LIMIT ?2",
        {idNumber, static_cast<std::int64_t>(limit)},
        [&](const Row& row) { receipts.push_back(row.text(0)); });
    if (!s)
        return fail(s.error().withContext("listing a holder's applications"));
    std::vector<StoredApplication> found;
    found.reserve(receipts.size());
    for (const std::string& receiptNo : receipts) {
        Expected<StoredApplication> a = loadApplication(receiptNo);
        if (!a)
            return fail(a.error());
        found.push_back(std::move(*a));
    }
    return found;
}

Expected<StoredApplication> ApplicationStore::applicationForCitizen(const std::string& receiptNo,
                                                                    const std::string& queryCode) {
    std::lock_guard lock(mutex_);
    Expected<StoredApplication> a = loadApplication(receiptNo);
    if (!a)
        return a;
    if (a->queryCode != queryCode)
        return fail(ErrorCode::notFound, "no application with receipt " + receiptNo);
    return a;
}

namespace {

Expected<std::int64_t> countOf(sqlite::Database& db, const char* sql, const char* what) {
    std::int64_t count = 0;
    if (Status s = db.query(sql, {}, [&](const Row& row) { count = row.integer(0); }); !s)
        return fail(s.error().withContext(what));
    return count;
}

}  // namespace

Expected<std::int64_t> ApplicationStore::applicationCount() {
    std::lock_guard lock(mutex_);
    return countOf(*db_, "SELECT COUNT(*) FROM applications", "counting applications");
}

Expected<std::int64_t> ApplicationStore::ratingCount() {
    std::lock_guard lock(mutex_);
    return countOf(*db_, "SELECT COUNT(*) FROM ratings", "counting ratings");
}

Expected<std::vector<ApplicationSummary>> ApplicationStore::listApplications() {
    std::lock_guard lock(mutex_);
    std::vector<ApplicationSummary> list;
    Status s = db_->query(
        "SELECT receipt_no, item_id, item_name, status, applicant_json FROM applications ORDER BY id", {},
        [&](const Row& row) {
            const auto applicant = fromJsonText(row.text(4));
            const auto id = applicant.find("idNumber");
            list.push_back({row.text(0), row.text(1), row.text(2), row.text(3),
                            maskIdNumber(id != applicant.end() ? id->second : std::string())});
        });
    if (!s)
        return fail(s.error().withContext("listing applications"));
    return list;
}

Status ApplicationStore::advanceLocked(const std::string& receiptNo, const std::string& toStatus,
                                       const std::string& reason) {
    const auto to = parseApplicationState(toStatus);
    if (!to)
        return fail(ErrorCode::invalidInput, "unknown status '" + toStatus + "'");
    if (*to == ApplicationState::rejected && reason.find_first_not_of(" \t\r\n") == std::string::npos)
        return fail(ErrorCode::invalidInput, "a rejection needs a reason the citizen can read");

    return db_->transaction([&]() -> Status {
        std::optional<std::pair<std::int64_t, std::string>> found;  // row id, current status
        if (Status s = db_->query("SELECT id, status FROM applications WHERE receipt_no = ?1", {receiptNo},
                                  [&](const Row& row) { found.emplace(row.integer(0), row.text(1)); });
            !s)
            return fail(s.error().withContext("reading the application"));
        if (!found)
            return fail(ErrorCode::notFound, "no application with receipt " + receiptNo);
        const auto& [rowId, current] = *found;
        const auto from = parseApplicationState(current);
        if (!from)
            return fail(ErrorCode::database, "application " + receiptNo + " has unknown status " + current);
        if (!isLegalTransition(*from, *to))
            return fail(ErrorCode::conflict, std::string("cannot move from ") + toString(*from) + " (" +
                                                 displayText(*from) + ") to " + toString(*to) + " (" +
                                                 displayText(*to) + ")");
        if (Status s = db_->execute("UPDATE applications SET status = ?1 WHERE id = ?2", {toStatus, rowId});
            !s)
            return fail(asDatabaseError(s.error()).withContext("updating the status"));
        return appendEvent(*db_, rowId, toStatus, utcNowIso8601(), reason);
    });
}

Status ApplicationStore::advance(const std::string& receiptNo, const std::string& toStatus,
                                 const std::string& reason) {
    std::lock_guard lock(mutex_);
    return advanceLocked(receiptNo, toStatus, reason);
}

Expected<int> ApplicationStore::advanceOpenApplications() {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<std::string, std::string>> open;  // receipt, next status
    if (Status s = db_->query("SELECT receipt_no, status FROM applications WHERE status IN "
                              "('submitted', 'accepted', 'reviewing') ORDER BY id",
                              {},
                              [&](const Row& row) {
                                  const auto state = parseApplicationState(row.text(1));
                                  const auto next = state ? nextRegularState(*state) : std::nullopt;
                                  if (next)
                                      open.emplace_back(row.text(0), toString(*next));
                              });
        !s)
        return fail(s.error().withContext("listing open applications"));
    int moved = 0;
    for (const auto& [receiptNo, next] : open) {
        // Another process may have moved it meanwhile; that is not an error for the simulation.
        Status s = advanceLocked(receiptNo, next, "");
        if (s)
            ++moved;
        else if (s.error().code != ErrorCode::conflict)
            return fail(s.error());
    }
    return moved;
}

Expected<std::optional<ApplicationStore::StoredCatalog>> ApplicationStore::storedCatalog() {
    std::lock_guard lock(mutex_);
    std::optional<StoredCatalog> found;
    if (Status s = db_->query("SELECT version, json FROM catalog WHERE id = 1", {},
                              [&](const Row& row) {
                                  found = StoredCatalog{row.text(0), row.text(1)};
                              });
        !s)
        return fail(s.error().withContext("reading the catalog"));
    return found;
}

Status ApplicationStore::saveCatalog(const std::string& version, const std::string& json) {
    std::lock_guard lock(mutex_);
    return db_->transaction([&]() -> Status {
        const std::string now = utcNowIso8601();
        if (Status s = db_->execute("INSERT INTO catalog(id, version, json, saved_at) VALUES (1, ?1, ?2, ?3) "
                                    "ON CONFLICT(id) DO UPDATE SET version = excluded.version, json = "
                                    "excluded.json, saved_at = excluded.saved_at",
                                    {version, json, now});
            !s)
            return fail(s.error().withContext("saving the catalog"));
        if (Status s = db_->execute("INSERT INTO catalog_versions(version, json, first_served_at) "
                                    "VALUES (?1, ?2, ?3) ON CONFLICT(version) DO NOTHING",
                                    {version, json, now});
            !s)
            return fail(s.error().withContext("recording the catalog version"));
        return {};
    });
}

Expected<std::optional<std::string>> ApplicationStore::catalogVersion(const std::string& version) {
    std::lock_guard lock(mutex_);
    std::optional<std::string> found;
    if (Status s = db_->query("SELECT json FROM catalog_versions WHERE version = ?1", {version},
                              [&](const Row& row) { found = row.text(0); });
        !s)
        return fail(s.error().withContext("reading catalog version " + version));
    return found;
}

Expected<std::optional<WriteResult>> ApplicationStore::findWrite(const IdempotentWrite& write) {
    std::lock_guard lock(mutex_);
    return lookUpKey(*db_, write);
}

Status ApplicationStore::registerKiosk(const std::string& kioskId, int terminalNumber) {
    if (terminalNumber < 1 || terminalNumber > 9999)
        return fail(ErrorCode::invalidInput,
                    "terminal number " + std::to_string(terminalNumber) + " is outside 1..9999");
    std::lock_guard lock(mutex_);
    return db_->transaction([&]() -> Status {
        std::vector<std::pair<std::string, int>> holders;  // kiosk id, terminal number
        if (Status s = db_->query(
                "SELECT kiosk_id, terminal_number FROM kiosks WHERE kiosk_id = ?1 OR terminal_number = ?2",
                {kioskId, static_cast<std::int64_t>(terminalNumber)},
                [&](const Row& row) { holders.emplace_back(row.text(0), static_cast<int>(row.integer(1))); });
            !s)
            return fail(s.error().withContext("reading the kiosk registry"));
        bool already = false;
        for (const auto& [holder, number] : holders) {
            if (holder == kioskId && number == terminalNumber)
                already = true;
            else if (holder == kioskId)
                return fail(ErrorCode::conflict,
                            kioskId + " is already registered as terminal " + std::to_string(number));
            else
                return fail(ErrorCode::conflict,
                            "terminal " + std::to_string(terminalNumber) + " already belongs to " + holder);
        }
        if (already)
            return {};
        if (Status s = db_->execute(
                "INSERT INTO kiosks(kiosk_id, terminal_number, registered_at) VALUES (?1, ?2, ?3)",
                {kioskId, static_cast<std::int64_t>(terminalNumber), utcNowIso8601()});
            !s)
            return fail(asDatabaseError(s.error()).withContext("registering " + kioskId));
        return {};
    });
}

Expected<std::optional<int>> ApplicationStore::terminalOf(const std::string& kioskId) {
    std::lock_guard lock(mutex_);
    std::optional<int> found;
    if (Status s = db_->query("SELECT terminal_number FROM kiosks WHERE kiosk_id = ?1", {kioskId},
                              [&](const Row& row) { found = static_cast<int>(row.integer(0)); });
        !s)
        return fail(s.error().withContext("reading the kiosk registry"));
    return found;
}

Expected<int> ApplicationStore::lastReceiptSequence(int terminalNumber, const std::string& dayYymmdd) {
    char prefix[32];
    std::snprintf(prefix, sizeof prefix, "YM%04d", terminalNumber);
    const std::string first = prefix + dayYymmdd;
    std::lock_guard lock(mutex_);
    int last = 0;
    // A range on the receipt number's unique index, then the shape: YM + terminal + day + 4 digits.
    if (Status s = db_->query("SELECT MAX(CAST(substr(receipt_no, 13, 4) AS INTEGER)) FROM applications "
                              "WHERE receipt_no >= ?1 AND receipt_no < ?2 AND length(receipt_no) = 16 "
                              "AND substr(receipt_no, 13, 4) GLOB '[0-9][0-9][0-9][0-9]'",
                              {first, first + ":"},  // ':' sorts right after '9'
                              [&](const Row& row) { last = static_cast<int>(row.integer(0)); });  // NULL: 0
        !s)
        return fail(s.error().withContext("reading the last receipt sequence"));
    return last;
}

Expected<int> ApplicationStore::purgePersonalData(std::chrono::system_clock::time_point now, int retainDays) {
    const std::string closedBefore = toIso8601Utc(now - std::chrono::hours(24) * retainDays);
    std::lock_guard lock(mutex_);
    int purged = 0;
    Status s = db_->transaction([&]() -> Status {
        // Closed is the timeline entry that moved it to its final state; timestamps are UTC ISO 8601, so they
        // compare as text.
        Expected<int> changed = db_->update(
            "UPDATE applications SET applicant_json = '{}', answers_json = '{}', personal_purged_at = ?2 "
            "WHERE personal_purged_at IS NULL AND status IN ('completed', 'rejected') AND id IN "
            "(SELECT application_id FROM application_events e WHERE e.status IN ('completed', "
            "'rejected') AND e.at < ?1)",
            {closedBefore, toIso8601Utc(now)});
        if (!changed)
            return fail(changed.error().withContext("purging personal data"));
        purged = *changed;
        return {};
    });
    if (!s)
        return fail(s.error());
    if (purged > 0) {
        // The old pages stay in the WAL until a checkpoint; truncate it so the purged data leaves the disk
        // now.
        if (Status checked = db_->checkpoint(); !checked)
            log::warn("store", checked.error().withContext("checkpointing after the purge").describe());
    }
    return purged;
}

Status ApplicationStore::recordRefusal(const Refusal& refusal, const std::string& queryCode) {
    std::lock_guard lock(mutex_);
    if (Status s = db_->execute(
            "INSERT INTO refusals(receipt_no, query_code_hash, item_id, kiosk_id, submitted_at, refused_at, "
            "reason_code, reason_message) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
            "ON CONFLICT(receipt_no, query_code_hash) DO UPDATE SET item_id = excluded.item_id, kiosk_id = "
            "excluded.kiosk_id, submitted_at = excluded.submitted_at, refused_at = excluded.refused_at, "
            "reason_code = excluded.reason_code, reason_message = excluded.reason_message",
            {refusal.receiptNo, queryCodeHash(refusal.receiptNo, queryCode), refusal.itemId, refusal.kioskId,
             refusal.submittedAt, refusal.refusedAt, refusal.reasonCode, refusal.reasonMessage});
        !s)
        return fail(asDatabaseError(s.error()).withContext("recording the refusal of " + refusal.receiptNo));
    return {};
}

Expected<std::optional<Refusal>> ApplicationStore::refusalForCitizen(const std::string& receiptNo,
                                                                     const std::string& queryCode) {
    std::lock_guard lock(mutex_);
    std::optional<Refusal> found;
    if (Status s = db_->query("SELECT receipt_no, item_id, kiosk_id, submitted_at, refused_at, reason_code, "
                              "reason_message FROM refusals WHERE receipt_no = ?1 AND query_code_hash = ?2",
                              {receiptNo, queryCodeHash(receiptNo, queryCode)},
                              [&](const Row& row) {
                                  found = Refusal{row.text(0), row.text(1), row.text(2), row.text(3),
                                                  row.text(4), row.text(5), row.text(6)};
                              });
        !s)
        return fail(s.error().withContext("reading the refusal of " + receiptNo));
    return found;
}

Expected<ApplicationStore::ConnectionSettings> ApplicationStore::connectionSettings() {
    std::lock_guard lock(mutex_);
    ConnectionSettings settings;
    if (Status s = db_->query("PRAGMA journal_mode", {},
                              [&](const Row& row) { settings.journalMode = row.text(0); });
        !s)
        return fail(s.error().withContext("reading the journal mode"));
    if (Status s =
            db_->query("PRAGMA synchronous", {},
                       [&](const Row& row) { settings.synchronous = static_cast<int>(row.integer(0)); });
        !s)
        return fail(s.error().withContext("reading the synchronous setting"));
    return settings;
}

}  // namespace yimen::platform
