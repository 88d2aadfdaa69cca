// One SQLite database file: WAL, durable commits, statement helpers, transactions and schema migrations by
// user_version. The kiosk's store and the platform's database both open theirs through it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/error.h"

struct sqlite3;
struct sqlite3_stmt;

namespace yimen::sqlite {

// A value bound to one '?' parameter: NULL, an integer, UTF-8 text or a blob.
using SqlValue = std::variant<std::nullptr_t, std::int64_t, std::string, std::vector<std::uint8_t>>;
using SqlParams = std::vector<SqlValue>;

// One step of a schema's history: the SQL that takes a file from version - 1 to version. Steps run in order,
// each in its own transaction together with the PRAGMA user_version that records it. A released step never
// changes; a new layout is a new step at the end. Steps are numbered 1, 2, 3 … without gaps.
struct Migration {
    int version;
    const char* description;
    const char* sql;
};

// What differs between the databases that use this layer; the pragmas and the migration rules do not.
struct OpenOptions {
    // The schema's history, oldest first; must outlive the Database.
    std::span<const Migration> migrations;
    // Names the database in errors ("opening the store …").
    std::string what = "the store";
    // Creates the file's folder 0700 when missing and tightens an existing one (see Database::open). A
    // database kept in a folder that holds other files (the platform's state folder) leaves the folder alone.
    bool privateFolder = true;
    // Runs SQLite's quick_check at open, so a damaged file is refused at start rather than in a commit.
    bool quickCheck = true;
};

// One result row, valid only inside the callback that receives it. Columns are numbered from 0.
class Row {
public:
    bool isNull(int column) const;
    std::int64_t integer(int column) const;
    std::string text(int column) const;  // NULL reads as ""
    std::vector<std::uint8_t> blob(int column) const;

private:
    friend class Database;
    explicit Row(sqlite3_stmt* stmt) : stmt_(stmt) {}
    sqlite3_stmt* stmt_;
};

// Opened with journal_mode=WAL, synchronous=FULL (a committed transaction survives power loss),
// foreign_keys=ON, secure_delete=ON (freed content is zeroed in the file) and a busy timeout, so another
// process holding the file briefly (a technician's sqlite3 shell) delays a write instead of failing it.
//
// Thread-safe: one connection guarded by a recursive mutex. Every helper may be called from any thread;
// inside `transaction` the calling thread holds the connection until COMMIT, so other threads wait and
// never see a half-done transaction.
//
// Errors: database for SQLite failures (with SQLite's message), conflict for a violated constraint
// (UNIQUE, CHECK, foreign key), io when the file or its directory cannot be created.
class Database {
public:
    // Opens or creates the file (its directory too, with privateFolder; a new file gets mode 0600 and its
    // -wal follows), then applies every migration step newer than the file's user_version, each in its own
    // transaction. A file whose user_version is newer than the last step is refused untouched (database
    // error); a file that is not a SQLite database, or (with quickCheck) one that fails SQLite's quick_check,
    // is refused (database error) and left untouched for a technician. The file is made 0600 (and the
    // folder 0700 with privateFolder); an existing folder or file open to group or others is tightened with
    // a warning when this user owns it, and refused (io) when it does not.
    [[nodiscard]] static Expected<std::unique_ptr<Database>> open(const std::string& path,
                                                                  OpenOptions options);

    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    const std::string& path() const { return path_; }
    int schemaVersion() const { return schemaVersion_; }
    // The version of the last migration step this database was opened with.
    int latestSchemaVersion() const;

    // Runs fn inside BEGIN IMMEDIATE ... COMMIT; a failed Status or an exception from fn rolls back and
    // is returned (an exception as an internal error). Nested calls on the same thread become savepoints:
    // an inner failure undoes only the inner work, and the outer transaction decides what to return.
    [[nodiscard]] Status transaction(const std::function<Status()>& fn);

    // Runs one statement to completion, discarding any rows.
    [[nodiscard]] Status execute(std::string_view sql, const SqlParams& params = {});
    // Runs one INSERT and returns the new row's rowid.
    [[nodiscard]] Expected<std::int64_t> insert(std::string_view sql, const SqlParams& params = {});
    // Runs one UPDATE or DELETE and returns how many rows it changed.
    [[nodiscard]] Expected<int> update(std::string_view sql, const SqlParams& params = {});
    // Runs one query and calls onRow for each result row, in order.
    [[nodiscard]] Status query(std::string_view sql, const SqlParams& params,
                               const std::function<void(const Row&)>& onRow);

    // Copies the WAL into the main file and truncates the WAL to zero bytes, so content that was
    // overwritten (and zeroed by secure_delete) no longer exists anywhere on disk. Fails with database
    // if another connection keeps the WAL busy; the data itself is committed either way.
    [[nodiscard]] Status checkpoint();

private:
    Database(sqlite3* db, std::string path, OpenOptions options)
        : db_(db), path_(std::move(path)), options_(std::move(options)) {}

    [[nodiscard]] Status configure();
    [[nodiscard]] Status migrate();
    [[nodiscard]] Status run(std::string_view sql, const SqlParams& params,
                             const std::function<void(const Row&)>* onRow);
    [[nodiscard]] Status executeScript(const char* sql);
    [[nodiscard]] Error sqliteError(int rc, std::string_view what) const;

    mutable std::recursive_mutex mutex_;
    sqlite3* db_;
    std::string path_;
    OpenOptions options_;
    int schemaVersion_ = 0;
    int depth_ = 0;  // open transactions and savepoints, guarded by mutex_
};

}  // namespace yimen::sqlite
