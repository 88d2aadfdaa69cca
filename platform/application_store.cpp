// SQLite backend of the platform's database. Every write that must be all-or-nothing runs in a
// BEGIN IMMEDIATE transaction, so a second process (the `advance` command) waits instead of interleaving.
#include "platform/application_store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <nlohmann/json.hpp>

#include "common/id_number.h"
#include "common/log.h"
#include "platform/application_state.h"
#include "platform/timestamps.h"

namespace yimen::platform {
namespace {

constexpr int kBusyTimeoutMs = 5000;

// Schema migrations, indexed by the user_version they lead from. Never edit one that has shipped; append.
constexpr const char* kMigrations[] = {
    R"sql(
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
    )sql",
    // Every catalog version ever served, so an application is judged by the rules it was made under; the
    // kiosk registry that binds receipt prefixes to certificates; when the retention rule purged an
    // application's personal fields.
    R"sql(
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
    )sql",
};

std::string octalMode(mode_t mode) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%04o", static_cast<unsigned>(mode));
    return buffer;
}

Error databaseError(sqlite3* db, const std::string& what) {
    return Error{ErrorCode::database, what + ": " + (db != nullptr ? sqlite3_errmsg(db) : "out of memory")};
}

// A prepared statement; finalized when it goes out of scope.
class Statement {
public:
    Statement(sqlite3* db, const char* sql) {
        if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
            stmt_ = nullptr;
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool ok() const { return stmt_ != nullptr; }

    Statement& bind(int index, const std::string& value) {
        sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bind(int index, std::int64_t value) {
        sqlite3_bind_int64(stmt_, index, value);
        return *this;
    }

    // SQLITE_ROW, SQLITE_DONE, or an error code.
    int step() { return sqlite3_step(stmt_); }

    std::string text(int column) const {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
        return p != nullptr ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
                            : std::string();
    }
    std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }

private:
    sqlite3_stmt* stmt_ = nullptr;
};

Status exec(sqlite3* db, const char* sql, const std::string& what) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        Error e{ErrorCode::database, what + ": " + (message != nullptr ? message : sqlite3_errmsg(db))};
        sqlite3_free(message);
        return fail(std::move(e));
    }
    return {};
}

// BEGIN IMMEDIATE … COMMIT; rolls back unless committed.
class Transaction {
public:
    explicit Transaction(sqlite3* db) : db_(db) {}
    ~Transaction() {
        if (open_)
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    [[nodiscard]] Status begin() {
        Status s = exec(db_, "BEGIN IMMEDIATE", "starting a transaction");
        open_ = s.hasValue();
        return s;
    }
    [[nodiscard]] Status commit() {
        Status s = exec(db_, "COMMIT", "committing");
        if (s)
            open_ = false;
        return s;
    }

private:
    sqlite3* db_;
    bool open_ = false;
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

bool isConstraintViolation(sqlite3* db) {
    return sqlite3_errcode(db) == SQLITE_CONSTRAINT;
}

Status appendEvent(sqlite3* db, std::int64_t applicationId, const std::string& status, const std::string& at,
                   const std::string& note) {
    Statement insert(
        db, "INSERT INTO application_events(application_id, status, at, note) VALUES (?1, ?2, ?3, ?4)");
    if (!insert.ok())
        return fail(databaseError(db, "preparing the timeline entry"));
    insert.bind(1, applicationId).bind(2, status).bind(3, at).bind(4, note);
    if (insert.step() != SQLITE_DONE)
        return fail(databaseError(db, "adding the timeline entry"));
    return {};
}

// Personal data: the database and its -wal and -shm are the owner's alone. A new file is created 0600
// before SQLite opens it, and SQLite gives the -wal and -shm the mode of the database. A file that group or
// others may read (restored from a backup, copied by hand) is tightened to 0600 with a warning rather than
// refused: refusing would stop the system of record over a mode the platform can fix itself; a file it
// cannot tighten (another owner) is refused.
Status prepareDatabaseFiles(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return fail(ErrorCode::io, "opening " + path + ": " + std::strerror(errno));
    ::close(fd);
    for (const std::string& file : {path, path + "-wal", path + "-shm"}) {
        struct stat st {};
        if (::stat(file.c_str(), &st) != 0)
            continue;  // -wal and -shm exist only while the database is open
        const mode_t mode = st.st_mode & 0777;
        if ((mode & 0077) == 0)
            continue;
        if (::chmod(file.c_str(), 0600) != 0)
            return fail(ErrorCode::io,
                        file + " holds personal data and is readable by group or others (mode " +
                            octalMode(mode) + "), and cannot be made private: " + std::strerror(errno));
        log::warn("store", file + " was readable by group or others (mode " + octalMode(mode) +
                               "); tightened to 0600");
    }
    return {};
}

// The outcome stored under the write's key (replayed, or keyReused when the body differs); nothing when the
// key is new.
Expected<std::optional<WriteResult>> lookUpKey(sqlite3* db, const IdempotentWrite& write) {
    Statement lookup(db,
                     "SELECT body_fingerprint, response_status, response_body FROM idempotency_keys "
                     "WHERE kiosk_id = ?1 AND scope = ?2 AND key = ?3");
    if (!lookup.ok())
        return fail(databaseError(db, "preparing the key lookup"));
    lookup.bind(1, write.kioskId).bind(2, write.scope).bind(3, write.key);
    const int found = lookup.step();
    if (found == SQLITE_DONE)
        return std::optional<WriteResult>();
    if (found != SQLITE_ROW)
        return fail(databaseError(db, "looking up the idempotency key"));
    if (lookup.text(0) != write.bodyFingerprint)
        return std::optional<WriteResult>(WriteResult{WriteResult::Kind::keyReused, 0, {}});
    return std::optional<WriteResult>(
        WriteResult{WriteResult::Kind::replayed, static_cast<int>(lookup.integer(1)), lookup.text(2)});
}

}  // namespace

std::string databasePath(const std::string& stateDir) {
    return stateDir + "/platform.db";
}

ApplicationStore::ApplicationStore(sqlite3* db) : db_(db) {}

ApplicationStore::~ApplicationStore() {
    sqlite3_close_v2(db_);
}

Expected<std::unique_ptr<ApplicationStore>> ApplicationStore::open(const std::string& path) {
    if (Status s = prepareDatabaseFiles(path); !s)
        return fail(s.error());
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    std::unique_ptr<ApplicationStore> store(new ApplicationStore(db));
    if (rc != SQLITE_OK)
        return fail(databaseError(db, "opening " + path));
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    sqlite3_extended_result_codes(db, 0);

    {
        Statement wal(db, "PRAGMA journal_mode=WAL");
        if (!wal.ok() || wal.step() != SQLITE_ROW)
            return fail(databaseError(db, "switching " + path + " to WAL"));
        if (wal.text(0) != "wal")
            return fail(ErrorCode::database,
                        "switching " + path + " to WAL: the journal mode stayed " + wal.text(0));
    }
    // The platform is the system of record: once it answers 201 the kiosk deletes its only copy, so a
    // commit must survive a power loss before the answer goes out. In WAL mode FULL syncs the WAL at every
    // commit (NORMAL would only at checkpoints). secure_delete zeroes what the retention rule purges.
    if (Status s = exec(db, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON",
                        "configuring " + path);
        !s)
        return fail(s.error());

    Statement version(db, "PRAGMA user_version");
    if (!version.ok() || version.step() != SQLITE_ROW)
        return fail(databaseError(db, "reading the schema version"));
    const auto current = static_cast<std::size_t>(version.integer(0));
    constexpr std::size_t kLatest = std::size(kMigrations);
    if (current > kLatest)
        return fail(ErrorCode::database, path + " has schema version " + std::to_string(current) +
                                             ", newer than this platform knows (" + std::to_string(kLatest) +
                                             ")");
    for (std::size_t v = current; v < kLatest; ++v) {
        Transaction tx(db);
        if (Status s = tx.begin(); !s)
            return fail(s.error().withContext("migrating the schema"));
        if (Status s = exec(db, kMigrations[v], "migrating the schema to version " + std::to_string(v + 1));
            !s)
            return fail(s.error());
        const std::string setVersion = "PRAGMA user_version=" + std::to_string(v + 1);
        if (Status s = exec(db, setVersion.c_str(), "recording the schema version"); !s)
            return fail(s.error());
        if (Status s = tx.commit(); !s)
            return fail(s.error().withContext("migrating the schema"));
    }
    return store;
}

Expected<WriteResult> ApplicationStore::idempotentInsert(const IdempotentWrite& write,
                                                         const RecordInserter& insertRecord,
                                                         const AnswerBuilder& answer) {
    // Two attempts: if another connection stored the same key between our lookup and insert (the UNIQUE
    // constraint says so), the second attempt finds and replays it.
    for (int attempt = 0; attempt < 2; ++attempt) {
        Transaction tx(db_);
        if (Status s = tx.begin(); !s)
            return fail(s.error());

        Expected<std::optional<WriteResult>> earlier = lookUpKey(db_, write);
        if (!earlier)
            return fail(earlier.error());
        if (*earlier)
            return **earlier;

        const std::string createdAt = utcNowIso8601();
        Expected<std::string> id = insertRecord(createdAt);
        if (!id) {
            if (id.error().code == ErrorCode::conflict)
                return WriteResult{WriteResult::Kind::duplicateReceipt, 0, {}};
            return fail(id.error());
        }
        const std::string body = answer(*id, createdAt);

        Statement remember(
            db_,
            "INSERT INTO idempotency_keys(kiosk_id, scope, key, body_fingerprint, response_status, "
            "response_body, created_at) VALUES (?1, ?2, ?3, ?4, 201, ?5, ?6)");
        if (!remember.ok())
            return fail(databaseError(db_, "preparing the key record"));
        remember.bind(1, write.kioskId)
            .bind(2, write.scope)
            .bind(3, write.key)
            .bind(4, write.bodyFingerprint);
        remember.bind(5, body).bind(6, createdAt);
        if (remember.step() != SQLITE_DONE) {
            if (isConstraintViolation(db_))
                continue;  // rolled back by tx; look again
            return fail(databaseError(db_, "recording the idempotency key"));
        }
        if (Status s = tx.commit(); !s)
            return fail(s.error());
        return WriteResult{WriteResult::Kind::created, 201, body};
    }
    return fail(ErrorCode::database, "the idempotency key kept changing under a concurrent writer");
}

Expected<WriteResult> ApplicationStore::createApplication(const IdempotentWrite& write,
                                                          const NewApplication& application,
                                                          const AnswerBuilder& answer) {
    std::lock_guard lock(mutex_);
    auto insertRecord = [&](const std::string& createdAt) -> Expected<std::string> {
        Statement taken(db_, "SELECT 1 FROM applications WHERE receipt_no = ?1");
        if (!taken.ok())
            return fail(databaseError(db_, "preparing the receipt lookup"));
        taken.bind(1, application.receiptNo);
        const int rc = taken.step();
        if (rc == SQLITE_ROW)
            return fail(ErrorCode::conflict, "receipt number already used");
        if (rc != SQLITE_DONE)
            return fail(databaseError(db_, "looking up the receipt number"));

        const std::string submitted = toString(ApplicationState::submitted);
        Statement insert(db_,
                         "INSERT INTO applications(receipt_no, query_code, item_id, item_name, department, "
                         "kiosk_id, applicant_json, answers_json, submitted_at, created_at, status) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
        if (!insert.ok())
            return fail(databaseError(db_, "preparing the application insert"));
        insert.bind(1, application.receiptNo).bind(2, application.queryCode).bind(3, application.itemId);
        insert.bind(4, application.itemName).bind(5, application.department).bind(6, write.kioskId);
        insert.bind(7, toJsonText(application.applicant)).bind(8, toJsonText(application.answers));
        insert.bind(9, application.submittedAt).bind(10, createdAt).bind(11, submitted);
        if (insert.step() != SQLITE_DONE) {
            if (isConstraintViolation(db_))
                return fail(ErrorCode::conflict, "receipt number already used");
            return fail(databaseError(db_, "storing the application"));
        }
        const std::int64_t rowId = sqlite3_last_insert_rowid(db_);
        if (Status s = appendEvent(db_, rowId, submitted, application.submittedAt, ""); !s)
            return fail(s.error());
        return recordId('A', rowId);
    };
    return idempotentInsert(write, insertRecord, answer);
}

Expected<WriteResult> ApplicationStore::createRating(const IdempotentWrite& write, const NewRating& rating,
                                                     const AnswerBuilder& answer) {
    std::lock_guard lock(mutex_);
    auto insertRecord = [&](const std::string& createdAt) -> Expected<std::string> {
        Statement insert(db_,
                         "INSERT INTO ratings(receipt_no, level, tags_json, comment, kiosk_id, created_at) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        if (!insert.ok())
            return fail(databaseError(db_, "preparing the rating insert"));
        const std::string tags =
            nlohmann::json(rating.tags).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        insert.bind(1, rating.receiptNo).bind(2, static_cast<std::int64_t>(rating.level)).bind(3, tags);
        insert.bind(4, rating.comment).bind(5, write.kioskId).bind(6, createdAt);
        if (insert.step() != SQLITE_DONE)
            return fail(databaseError(db_, "storing the rating"));
        return recordId('R', sqlite3_last_insert_rowid(db_));
    };
    return idempotentInsert(write, insertRecord, answer);
}

Expected<StoredApplication> ApplicationStore::loadApplication(const std::string& receiptNo) {
    Statement select(
        db_,
        "SELECT id, receipt_no, query_code, item_id, item_name, department, kiosk_id, applicant_json, "
        "answers_json, submitted_at, created_at, status FROM applications WHERE receipt_no = ?1");
    if (!select.ok())
        return fail(databaseError(db_, "preparing the application lookup"));
    select.bind(1, receiptNo);
    const int rc = select.step();
    if (rc == SQLITE_DONE)
        return fail(ErrorCode::notFound, "no application with receipt " + receiptNo);
    if (rc != SQLITE_ROW)
        return fail(databaseError(db_, "reading the application"));

    StoredApplication a;
    const std::int64_t rowId = select.integer(0);
    a.applicationId = recordId('A', rowId);
    a.receiptNo = select.text(1);
    a.queryCode = select.text(2);
    a.itemId = select.text(3);
    a.itemName = select.text(4);
    a.department = select.text(5);
    a.kioskId = select.text(6);
    a.applicant = fromJsonText(select.text(7));
    a.answers = fromJsonText(select.text(8));
    a.submittedAt = select.text(9);
    a.createdAt = select.text(10);
    a.status = select.text(11);

    Statement events(db_,
                     "SELECT status, at, note FROM application_events WHERE application_id = ?1 ORDER BY id");
    if (!events.ok())
        return fail(databaseError(db_, "preparing the timeline lookup"));
    events.bind(1, rowId);
    int step;
    while ((step = events.step()) == SQLITE_ROW) {
        TimelineEntry e;
        e.status = events.text(0);
        const auto state = parseApplicationState(e.status);
        e.text = state ? displayText(*state) : e.status;
        e.at = events.text(1);
        e.note = events.text(2);
        a.timeline.push_back(std::move(e));
    }
    if (step != SQLITE_DONE)
        return fail(databaseError(db_, "reading the timeline"));
    return a;
}

Expected<StoredApplication> ApplicationStore::application(const std::string& receiptNo) {
    std::lock_guard lock(mutex_);
    return loadApplication(receiptNo);
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

Expected<std::int64_t> ApplicationStore::applicationCount() {
    std::lock_guard lock(mutex_);
    Statement count(db_, "SELECT COUNT(*) FROM applications");
    if (!count.ok() || count.step() != SQLITE_ROW)
        return fail(databaseError(db_, "counting applications"));
    return count.integer(0);
}

Expected<std::int64_t> ApplicationStore::ratingCount() {
    std::lock_guard lock(mutex_);
    Statement count(db_, "SELECT COUNT(*) FROM ratings");
    if (!count.ok() || count.step() != SQLITE_ROW)
        return fail(databaseError(db_, "counting ratings"));
    return count.integer(0);
}

Expected<std::vector<ApplicationSummary>> ApplicationStore::listApplications() {
    std::lock_guard lock(mutex_);
    Statement select(
        db_, "SELECT receipt_no, item_id, item_name, status, applicant_json FROM applications ORDER BY id");
    if (!select.ok())
        return fail(databaseError(db_, "preparing the application list"));
    std::vector<ApplicationSummary> list;
    int rc;
    while ((rc = select.step()) == SQLITE_ROW) {
        const auto applicant = fromJsonText(select.text(4));
        const auto id = applicant.find("idNumber");
        list.push_back({select.text(0), select.text(1), select.text(2), select.text(3),
                        maskIdNumber(id != applicant.end() ? id->second : std::string())});
    }
    if (rc != SQLITE_DONE)
        return fail(databaseError(db_, "listing applications"));
    return list;
}

Status ApplicationStore::advanceLocked(const std::string& receiptNo, const std::string& toStatus,
                                       const std::string& reason) {
    const auto to = parseApplicationState(toStatus);
    if (!to)
        return fail(ErrorCode::invalidInput, "unknown status '" + toStatus + "'");
    if (*to == ApplicationState::rejected && reason.find_first_not_of(" \t\r\n") == std::string::npos)
        return fail(ErrorCode::invalidInput, "a rejection needs a reason the citizen can read");

    Transaction tx(db_);
    if (Status s = tx.begin(); !s)
        return s;
    Statement select(db_, "SELECT id, status FROM applications WHERE receipt_no = ?1");
    if (!select.ok())
        return fail(databaseError(db_, "preparing the application lookup"));
    select.bind(1, receiptNo);
    const int rc = select.step();
    if (rc == SQLITE_DONE)
        return fail(ErrorCode::notFound, "no application with receipt " + receiptNo);
    if (rc != SQLITE_ROW)
        return fail(databaseError(db_, "reading the application"));
    const std::int64_t rowId = select.integer(0);
    const std::string current = select.text(1);
    const auto from = parseApplicationState(current);
    if (!from)
        return fail(ErrorCode::database, "application " + receiptNo + " has unknown status " + current);
    if (!isLegalTransition(*from, *to))
        return fail(ErrorCode::conflict, std::string("cannot move from ") + toString(*from) + " (" +
                                             displayText(*from) + ") to " + toString(*to) + " (" +
                                             displayText(*to) + ")");

    Statement update(db_, "UPDATE applications SET status = ?1 WHERE id = ?2");
    if (!update.ok())
        return fail(databaseError(db_, "preparing the status update"));
    update.bind(1, toStatus).bind(2, rowId);
    if (update.step() != SQLITE_DONE)
        return fail(databaseError(db_, "updating the status"));
    if (Status s = appendEvent(db_, rowId, toStatus, utcNowIso8601(), reason); !s)
        return s;
    return tx.commit();
}

Status ApplicationStore::advance(const std::string& receiptNo, const std::string& toStatus,
                                 const std::string& reason) {
    std::lock_guard lock(mutex_);
    return advanceLocked(receiptNo, toStatus, reason);
}

Expected<int> ApplicationStore::advanceOpenApplications() {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<std::string, std::string>> open;  // receipt, next status
    {
        Statement select(db_,
                         "SELECT receipt_no, status FROM applications WHERE status IN "
                         "('submitted', 'accepted', 'reviewing') ORDER BY id");
        if (!select.ok())
            return fail(databaseError(db_, "preparing the open application list"));
        int rc;
        while ((rc = select.step()) == SQLITE_ROW) {
            const auto state = parseApplicationState(select.text(1));
            const auto next = state ? nextRegularState(*state) : std::nullopt;
            if (next)
                open.emplace_back(select.text(0), toString(*next));
        }
        if (rc != SQLITE_DONE)
            return fail(databaseError(db_, "listing open applications"));
    }
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
    Statement select(db_, "SELECT version, json FROM catalog WHERE id = 1");
    if (!select.ok())
        return fail(databaseError(db_, "preparing the catalog lookup"));
    const int rc = select.step();
    if (rc == SQLITE_DONE)
        return std::optional<StoredCatalog>();
    if (rc != SQLITE_ROW)
        return fail(databaseError(db_, "reading the catalog"));
    return std::optional<StoredCatalog>(StoredCatalog{select.text(0), select.text(1)});
}

Status ApplicationStore::saveCatalog(const std::string& version, const std::string& json) {
    std::lock_guard lock(mutex_);
    Transaction tx(db_);
    if (Status s = tx.begin(); !s)
        return s;
    const std::string now = utcNowIso8601();
    Statement upsert(db_,
                     "INSERT INTO catalog(id, version, json, saved_at) VALUES (1, ?1, ?2, ?3) "
                     "ON CONFLICT(id) DO UPDATE SET version = excluded.version, json = excluded.json, "
                     "saved_at = excluded.saved_at");
    if (!upsert.ok())
        return fail(databaseError(db_, "preparing the catalog save"));
    upsert.bind(1, version).bind(2, json).bind(3, now);
    if (upsert.step() != SQLITE_DONE)
        return fail(databaseError(db_, "saving the catalog"));
    Statement keep(db_,
                   "INSERT INTO catalog_versions(version, json, first_served_at) VALUES (?1, ?2, ?3) "
                   "ON CONFLICT(version) DO NOTHING");
    if (!keep.ok())
        return fail(databaseError(db_, "preparing the catalog version record"));
    keep.bind(1, version).bind(2, json).bind(3, now);
    if (keep.step() != SQLITE_DONE)
        return fail(databaseError(db_, "recording the catalog version"));
    return tx.commit();
}

Expected<std::optional<std::string>> ApplicationStore::catalogVersion(const std::string& version) {
    std::lock_guard lock(mutex_);
    Statement select(db_, "SELECT json FROM catalog_versions WHERE version = ?1");
    if (!select.ok())
        return fail(databaseError(db_, "preparing the catalog version lookup"));
    select.bind(1, version);
    const int rc = select.step();
    if (rc == SQLITE_DONE)
        return std::optional<std::string>();
    if (rc != SQLITE_ROW)
        return fail(databaseError(db_, "reading catalog version " + version));
    return std::optional<std::string>(select.text(0));
}

Expected<std::optional<WriteResult>> ApplicationStore::findWrite(const IdempotentWrite& write) {
    std::lock_guard lock(mutex_);
    return lookUpKey(db_, write);
}

Status ApplicationStore::registerKiosk(const std::string& kioskId, int terminalNumber) {
    if (terminalNumber < 1 || terminalNumber > 9999)
        return fail(ErrorCode::invalidInput,
                    "terminal number " + std::to_string(terminalNumber) + " is outside 1..9999");
    std::lock_guard lock(mutex_);
    Transaction tx(db_);
    if (Status s = tx.begin(); !s)
        return s;
    Statement taken(
        db_, "SELECT kiosk_id, terminal_number FROM kiosks WHERE kiosk_id = ?1 OR terminal_number = ?2");
    if (!taken.ok())
        return fail(databaseError(db_, "preparing the kiosk registry lookup"));
    taken.bind(1, kioskId).bind(2, static_cast<std::int64_t>(terminalNumber));
    int rc;
    bool already = false;
    while ((rc = taken.step()) == SQLITE_ROW) {
        const std::string holder = taken.text(0);
        const auto number = static_cast<int>(taken.integer(1));
        if (holder == kioskId && number == terminalNumber)
            already = true;
        else if (holder == kioskId)
            return fail(ErrorCode::conflict,
                        kioskId + " is already registered as terminal " + std::to_string(number));
        else
            return fail(ErrorCode::conflict,
                        "terminal " + std::to_string(terminalNumber) + " already belongs to " + holder);
    }
    if (rc != SQLITE_DONE)
        return fail(databaseError(db_, "reading the kiosk registry"));
    if (already)
        return {};
    Statement insert(db_, "INSERT INTO kiosks(kiosk_id, terminal_number, registered_at) VALUES (?1, ?2, ?3)");
    if (!insert.ok())
        return fail(databaseError(db_, "preparing the kiosk registration"));
    insert.bind(1, kioskId).bind(2, static_cast<std::int64_t>(terminalNumber)).bind(3, utcNowIso8601());
    if (insert.step() != SQLITE_DONE)
        return fail(databaseError(db_, "registering " + kioskId));
    return tx.commit();
}

Expected<std::optional<int>> ApplicationStore::terminalOf(const std::string& kioskId) {
    std::lock_guard lock(mutex_);
    Statement select(db_, "SELECT terminal_number FROM kiosks WHERE kiosk_id = ?1");
    if (!select.ok())
        return fail(databaseError(db_, "preparing the kiosk registry lookup"));
    select.bind(1, kioskId);
    const int rc = select.step();
    if (rc == SQLITE_DONE)
        return std::optional<int>();
    if (rc != SQLITE_ROW)
        return fail(databaseError(db_, "reading the kiosk registry"));
    return std::optional<int>(static_cast<int>(select.integer(0)));
}

Expected<int> ApplicationStore::lastReceiptSequence(int terminalNumber, const std::string& dayYymmdd) {
    char prefix[32];
    std::snprintf(prefix, sizeof prefix, "YM%04d", terminalNumber);
    const std::string first = prefix + dayYymmdd;
    std::lock_guard lock(mutex_);
    // A range on the receipt number's unique index, then the shape: YM + terminal + day + 4 digits.
    Statement select(db_,
                     "SELECT MAX(CAST(substr(receipt_no, 13, 4) AS INTEGER)) FROM applications "
                     "WHERE receipt_no >= ?1 AND receipt_no < ?2 AND length(receipt_no) = 16 "
                     "AND substr(receipt_no, 13, 4) GLOB '[0-9][0-9][0-9][0-9]'");
    if (!select.ok())
        return fail(databaseError(db_, "preparing the receipt sequence lookup"));
    select.bind(1, first).bind(2, first + ":");  // ':' sorts right after '9'
    if (select.step() != SQLITE_ROW)
        return fail(databaseError(db_, "reading the last receipt sequence"));
    return static_cast<int>(select.integer(0));  // NULL (none) reads as 0
}

Expected<int> ApplicationStore::purgePersonalData(std::chrono::system_clock::time_point now, int retainDays) {
    const std::string closedBefore = toIso8601Utc(now - std::chrono::hours(24) * retainDays);
    std::lock_guard lock(mutex_);
    Transaction tx(db_);
    if (Status s = tx.begin(); !s)
        return fail(s.error());
    // Closed is the timeline entry that moved it to its final state; timestamps are UTC ISO 8601, so they
    // compare as text.
    Statement purge(
        db_,
        "UPDATE applications SET applicant_json = '{}', answers_json = '{}', personal_purged_at = ?2 "
        "WHERE personal_purged_at IS NULL AND status IN ('completed', 'rejected') AND id IN "
        "(SELECT application_id FROM application_events e WHERE e.status IN ('completed', "
        "'rejected') AND e.at < ?1)");
    if (!purge.ok())
        return fail(databaseError(db_, "preparing the personal data purge"));
    purge.bind(1, closedBefore).bind(2, toIso8601Utc(now));
    if (purge.step() != SQLITE_DONE)
        return fail(databaseError(db_, "purging personal data"));
    const int purged = sqlite3_changes(db_);
    if (Status s = tx.commit(); !s)
        return fail(s.error());
    if (purged > 0) {
        // The old pages stay in the WAL until a checkpoint; truncate it so the purged data leaves the disk
        // now.
        if (Status s = exec(db_, "PRAGMA wal_checkpoint(TRUNCATE)", "checkpointing after the purge"); !s)
            log::warn("store", s.error().describe());
    }
    return purged;
}

Expected<ApplicationStore::ConnectionSettings> ApplicationStore::connectionSettings() {
    std::lock_guard lock(mutex_);
    ConnectionSettings settings;
    Statement journal(db_, "PRAGMA journal_mode");
    if (!journal.ok() || journal.step() != SQLITE_ROW)
        return fail(databaseError(db_, "reading the journal mode"));
    settings.journalMode = journal.text(0);
    Statement synchronous(db_, "PRAGMA synchronous");
    if (!synchronous.ok() || synchronous.step() != SQLITE_ROW)
        return fail(databaseError(db_, "reading the synchronous setting"));
    settings.synchronous = static_cast<int>(synchronous.integer(0));
    return settings;
}

}  // namespace yimen::platform
