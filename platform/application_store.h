// The platform's database (platform.db): applications, their timelines, ratings, idempotency records, the
// catalog.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/api/application.h"
#include "common/api/rating.h"
#include "common/error.h"

namespace yimen::sqlite {
class Database;
}

namespace yimen::platform {

// stateDir/platform.db
std::string databasePath(const std::string& stateDir);

// One step of an application's timeline, as the contract carries it.
using TimelineEntry = api::TimelineEntry;

// An application as the platform stored it.
struct StoredApplication {
    std::string applicationId;  // A000123
    std::string receiptNo;
    std::string queryCode;
    std::string itemId;
    std::string itemName;
    std::string department;
    std::string kioskId;                           // CN of the kiosk's client certificate
    std::map<std::string, std::string> applicant;  // name, idNumber, sex, nation, birthDate, address
    std::map<std::string, std::string> answers;    // field id -> value
    std::string submittedAt;                       // as the kiosk reported it
    std::string createdAt;                         // when the platform stored it
    std::string status;                            // wire name of the current state
    // Oldest first. Each step after `submitted` names the application's department; a `rejected` step
    // carries its reason as the note and kRejectionNextStep (platform/application_state.h) as nextStep.
    std::vector<TimelineEntry> timeline;
    std::string ratedAt;  // when it was rated (empty: not rated; an application is rated once)
};

// One line of `yimen-platform list`; holds no personal data except the masked ID number.
struct ApplicationSummary {
    std::string receiptNo;
    std::string itemId;
    std::string itemName;
    std::string status;
    std::string maskedIdNumber;  // 4504**********123X
};

// A new application as the store keeps it: what the kiosk sent (api::NewApplication), already validated, with
// the item's name and department from the catalog.
struct NewApplication {
    std::string receiptNo;
    std::string queryCode;
    std::string itemId;
    std::string itemName;
    std::string department;
    std::string submittedAt;
    std::map<std::string, std::string> applicant;
    std::map<std::string, std::string> answers;
};

// What the kiosk sent for a new rating, already validated (level 1..5).
using NewRating = api::NewRating;

// An application the platform refused for good after the kiosk had issued its receipt: what the citizen
// tracking the receipt is told. Holds no personal data.
struct Refusal {
    std::string receiptNo;
    std::string itemId;         // as the kiosk sent it; may be empty
    std::string kioskId;        // CN of the kiosk's client certificate
    std::string submittedAt;    // as the kiosk reported it; may be empty
    std::string refusedAt;      // ISO 8601 UTC
    std::string reasonCode;     // the error code of the refusal, e.g. validation_failed
    std::string reasonMessage;  // its message, as the kiosk was told
};

// Identifies one idempotent write: who sent it, to which collection, under which key, with which body.
struct IdempotentWrite {
    std::string kioskId;
    std::string scope;            // "applications", "ratings"
    std::string key;              // the Idempotency-Key header
    std::string bodyFingerprint;  // hash of the canonical body
};

// The outcome of an idempotent write.
struct WriteResult {
    enum class Kind {
        created,    // stored now; `body` is the answer, which was stored with it
        replayed,   // the same key and body were stored before; `body` is the first answer, byte for byte
        keyReused,  // the key was used before with another body; nothing stored
        duplicateReceipt,  // the receipt number belongs to another application; nothing stored
        alreadyRated,      // a rating of an application rated before; nothing stored
        unknownReceipt,    // a rating of an application the platform does not hold; nothing stored
    };
    Kind kind = Kind::created;
    int httpStatus = 0;  // of the stored answer (created, replayed)
    std::string body;
};

// What the answer to a new record says, given the id the database assigned (A000123, R000045) and
// the time it was stored. Called inside the write's transaction, so the answer is stored with the record.
using AnswerBuilder = std::function<std::string(const std::string& id, const std::string& createdAt)>;

// All access to one platform database goes through one ApplicationStore. It opens the file through the common
// SQLite layer (common/sqlite/database.h): WAL mode with a busy timeout, so several processes (the server,
// the `advance` command) can share the file, and synchronous=FULL: a write has reached the disk when its call
// returns, so the kiosk may delete its copy. The file and its -wal and -shm are readable by the owner only
// (0600).
//
// Group commit: new applications and ratings are written by one writer thread (a Worker), which takes every
// write waiting when it is free and stores them in one transaction, so one sync of the disk serves them all.
// Each write runs inside that transaction under its own savepoint and is judged exactly as it would be alone
// (a replay, a reused key or a taken receipt number within the batch included); its call returns only once
// the batch is committed. When the batch cannot be committed (or a write in it fails for a reason other
// than its own outcome), every write of the batch fails with that database error and none is stored.
//
// Thread-safe: calls are serialized on an internal mutex; createApplication and createRating wait for the
// writer instead. Errors: database (SQLite failed), and those listed.
class ApplicationStore {
public:
    // Opens or creates the database (mode 0600) and brings its schema up to date. An existing database,
    // -wal or -shm that group or others may read is tightened to 0600 with a warning in the log; io when
    // that is impossible (another user owns it). The folder is left as it is (see StateDir). Errors: database
    // also for a file from a newer platform (its user_version is past the last migration) or not SQLite.
    [[nodiscard]] static Expected<std::unique_ptr<ApplicationStore>> open(const std::string& path);
    ~ApplicationStore();
    ApplicationStore(const ApplicationStore&) = delete;
    ApplicationStore& operator=(const ApplicationStore&) = delete;

    // Stores a new application with its first timeline entry (submitted), and the answer under the key, in
    // one transaction (the batch's, see above). Idempotent per (kiosk, scope, key): see WriteResult. Blocks
    // until the batch holding it is committed; any thread but the writer's.
    [[nodiscard]] Expected<WriteResult> createApplication(const IdempotentWrite& write,
                                                          const NewApplication& application,
                                                          const AnswerBuilder& answer);
    [[nodiscard]] Expected<WriteResult> createRating(const IdempotentWrite& write, const NewRating& rating,
                                                     const AnswerBuilder& answer);
    // What was stored under the write's key: replayed (the first answer) or keyReused (another body); nothing
    // when the key is new. Lets a replay be answered before the request is judged.
    [[nodiscard]] Expected<std::optional<WriteResult>> findWrite(const IdempotentWrite& write);

    // The application with this receipt number. Errors: notFound.
    [[nodiscard]] Expected<StoredApplication> application(const std::string& receiptNo);
    // The applications whose applicant has this ID number, newest first, at most `limit`; none is not an
    // error. Errors: database.
    [[nodiscard]] Expected<std::vector<StoredApplication>> applicationsOfHolder(const std::string& idNumber,
                                                                                std::size_t limit);
    // The application with this receipt number when `queryCode` is its code; notFound otherwise (either way).
    [[nodiscard]] Expected<StoredApplication> applicationForCitizen(const std::string& receiptNo,
                                                                    const std::string& queryCode);

    // Records a refusal under its receipt number and `queryCode`, which is kept only as a hash; a refusal
    // recorded before for the same receipt and code is replaced (the latest reason counts).
    [[nodiscard]] Status recordRefusal(const Refusal& refusal, const std::string& queryCode);
    // The refusal recorded for this receipt number and query code; nothing when none (or another code).
    [[nodiscard]] Expected<std::optional<Refusal>> refusalForCitizen(const std::string& receiptNo,
                                                                     const std::string& queryCode);

    [[nodiscard]] Expected<std::int64_t> applicationCount();
    [[nodiscard]] Expected<std::int64_t> ratingCount();
    [[nodiscard]] Expected<std::vector<ApplicationSummary>> listApplications();

    // Moves the application to `toStatus` (wire name) and appends it to the timeline with `reason` as its
    // note. Errors: invalidInput (unknown status, or rejected without a reason), notFound, conflict (illegal
    // move).
    [[nodiscard]] Status advance(const std::string& receiptNo, const std::string& toStatus,
                                 const std::string& reason = {});

    // Moves every open application one step along the regular path; returns how many moved.
    [[nodiscard]] Expected<int> advanceOpenApplications();

    // The catalog served last time (its version and JSON), or nothing on a new database.
    struct StoredCatalog {
        std::string version;
        std::string json;
    };
    [[nodiscard]] Expected<std::optional<StoredCatalog>> storedCatalog();
    // Makes `version` the current catalog and keeps it among the versions served, which are never dropped.
    [[nodiscard]] Status saveCatalog(const std::string& version, const std::string& json);
    // The JSON of a catalog version served at some time, or nothing when this platform never served it.
    [[nodiscard]] Expected<std::optional<std::string>> catalogVersion(const std::string& version);

    // The kiosk registry: a kiosk id (client certificate CN) bound to one terminal number, both unique.
    // Registering the same pair again is fine. Errors: invalidInput (terminal outside 1..9999), conflict (the
    // id has another terminal, or the terminal belongs to another kiosk; the message names it).
    [[nodiscard]] Status registerKiosk(const std::string& kioskId, int terminalNumber);
    // The kiosk's terminal number, or nothing when it is not registered.
    [[nodiscard]] Expected<std::optional<int>> terminalOf(const std::string& kioskId);
    // The highest sequence among stored receipt numbers YM + terminal + `dayYymmdd` + 4 digits; 0 when none.
    [[nodiscard]] Expected<int> lastReceiptSequence(int terminalNumber, const std::string& dayYymmdd);

    // The retention rule: empties the applicant and the answers of every application that was closed
    // (completed or rejected) more than `retainDays` days before `now`, keeping the receipt, the query code,
    // the item and the timeline, and checkpoints the WAL so the old pages leave the disk. Returns how many
    // applications it purged (each is purged once).
    [[nodiscard]] Expected<int> purgePersonalData(std::chrono::system_clock::time_point now, int retainDays);

    // The durability settings of this connection, as SQLite reports them.
    struct ConnectionSettings {
        std::string journalMode;  // "wal"
        int synchronous = 0;      // 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA
    };
    [[nodiscard]] Expected<ConnectionSettings> connectionSettings();

private:
    explicit ApplicationStore(std::unique_ptr<sqlite::Database> db);
    // Looks the key up, else runs `insertRecord` (returns the new record's id; conflict = duplicate receipt)
    // and stores the answer under the key, all in one transaction: hands the write to the writer and waits
    // for its batch.
    using RecordInserter = std::function<Expected<std::string>(const std::string& createdAt)>;
    [[nodiscard]] Expected<WriteResult> idempotentInsert(const IdempotentWrite& write,
                                                         const RecordInserter& insertRecord,
                                                         const AnswerBuilder& answer);
    // One write of a batch, under its own savepoint inside the batch's transaction; on the writer thread.
    // An error (not an outcome) means the batch must not be committed.
    [[nodiscard]] Expected<WriteResult> insertInBatch(const IdempotentWrite& write,
                                                      const RecordInserter& insertRecord,
                                                      const AnswerBuilder& answer);
    struct PendingWrite;
    // Stores `batch` in one transaction and hands every write its outcome; on the writer thread.
    void commitBatch(const std::vector<PendingWrite*>& batch);
    [[nodiscard]] Expected<StoredApplication> loadApplication(const std::string& receiptNo);
    [[nodiscard]] Status advanceLocked(const std::string& receiptNo, const std::string& toStatus,
                                       const std::string& reason);

    std::mutex mutex_;  // keeps a multi-statement read (an application and its timeline) whole
    std::unique_ptr<sqlite::Database> db_;
    // The writes waiting for the writer, and the writer; declared last, so it stops before db_ closes.
    struct Writer;
    std::unique_ptr<Writer> writer_;
};

}  // namespace yimen::platform
