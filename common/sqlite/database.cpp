// The SQLite backend: connection set-up, statement helpers, transactions and migrations.
#include "common/sqlite/database.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <type_traits>

#include "common/log.h"

namespace yimen::sqlite {
namespace {

// Long enough to outlast a technician's sqlite3 shell or a backup holding the file, short enough that
// a stuck holder surfaces as an error instead of a frozen kiosk.
constexpr int kBusyTimeoutMs = 5000;

struct StatementDeleter {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

// Enough of the statement to recognise it in an error; parameters are never part of the text.
std::string excerpt(std::string_view sql) {
    const auto first = sql.find_first_not_of(" \n\t");
    sql = first == std::string_view::npos ? std::string_view{} : sql.substr(first);
    constexpr std::size_t kMax = 60;
    std::string out(sql.substr(0, kMax));
    for (char& c : out)
        if (c == '\n' || c == '\t')
            c = ' ';
    return sql.size() > kMax ? out + "..." : out;
}

bool onlyWhitespace(const char* text) {
    for (; text != nullptr && *text != '\0'; ++text)
        if (*text != ' ' && *text != '\n' && *text != '\t' && *text != '\r' && *text != ';')
            return false;
    return true;
}

// Group or others may not reach a folder or file with personal data. One the kiosk user owns is tightened
// (with a warning): the folder may come from a packaging step or a copy that used the default umask, and
// leaving the kiosk out of service for that would help nobody while the tightened modes stop the exposure
// from now on. One it does not own cannot be tightened and is refused. (The outbox key is stricter: an
// exposed key is refused, see SealedBox, because the secret itself may already have been read.)
Status restrict(const std::string& path, mode_t wanted, bool mustExist) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT && !mustExist)
            return {};
        return fail(ErrorCode::io, "checking " + path + ": " + errnoText(errno));
    }
    if ((st.st_mode & 077) == 0)
        return {};
    char modes[16];
    std::snprintf(modes, sizeof modes, "%03o -> %03o", static_cast<unsigned>(st.st_mode & 0777),
                  static_cast<unsigned>(wanted));
    if (st.st_uid != ::geteuid())
        return fail(ErrorCode::io, path + " is open to group or others and belongs to another user (mode " +
                                       std::string(modes, 3) + "); refusing to use it");
    if (::chmod(path.c_str(), wanted) != 0)
        return fail(ErrorCode::io, "restricting " + path + ": " + errnoText(errno));
    log::warn("store", path + " was open to group or others; restricted to its owner (" + modes + ")");
    return {};
}

// The folder is created 0700 and a new database file 0600 before SQLite opens it; SQLite gives its -wal and
// -shm the same mode, so sealed payloads and receipts are readable by the kiosk user only. Existing ones
// are checked (see restrict).
Status prepareFile(const std::string& path, bool privateFolder) {
    const std::filesystem::path file(path);
    std::error_code ec;
    if (privateFolder && file.has_parent_path()) {
        const std::filesystem::path dir = file.parent_path();
        const bool existed = std::filesystem::exists(dir, ec);
        std::filesystem::create_directories(dir, ec);
        if (ec)
            return fail(ErrorCode::io, "creating directory " + dir.string() + ": " + ec.message());
        if (!existed && ::chmod(dir.c_str(), 0700) != 0)
            return fail(ErrorCode::io, "restricting directory " + dir.string() + ": " + errnoText(errno));
        if (auto checked = restrict(dir.string(), 0700, true); !checked)
            return checked;
    }
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return fail(ErrorCode::io, "opening " + path + ": " + errnoText(errno));
    ::close(fd);
    for (const char* suffix : {"", "-wal", "-shm"})
        if (auto checked = restrict(path + suffix, 0600, false); !checked)
            return checked;
    return {};
}

}  // namespace

bool Row::isNull(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Row::integer(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

std::string Row::text(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    const int size = sqlite3_column_bytes(stmt_, column);
    return data == nullptr ? std::string{} : std::string(data, static_cast<std::size_t>(size));
}

std::vector<std::uint8_t> Row::blob(int column) const {
    const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
    const int size = sqlite3_column_bytes(stmt_, column);
    return data == nullptr ? std::vector<std::uint8_t>{} : std::vector<std::uint8_t>(data, data + size);
}

int Database::latestSchemaVersion() const {
    return options_.migrations.empty() ? 0 : options_.migrations.back().version;
}

Expected<std::unique_ptr<Database>> Database::open(const std::string& path, OpenOptions options) {
    const std::string opening = "opening " + options.what;
    if (path.empty())
        return fail(ErrorCode::invalidInput, opening + ": no database path given");
    if (auto prepared = prepareFile(path, options.privateFolder); !prepared)
        return prepared.error().withContext(opening);

    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(
        path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
        sqlite3_close_v2(raw);
        return fail(ErrorCode::database, opening + " " + path + ": " + message);
    }
    std::unique_ptr<Database> db(new Database(raw, path, std::move(options)));
    if (auto configured = db->configure(); !configured)
        return configured.error().withContext(opening + " " + path);
    if (auto migrated = db->migrate(); !migrated)
        return migrated.error().withContext(opening + " " + path);
    return db;
}

Database::~Database() {
    sqlite3_close_v2(db_);
}

Status Database::configure() {
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);

    // The version is read before anything is written, so a file from newer software stays untouched.
    int version = 0;
    if (auto read = query("PRAGMA user_version", {},
                          [&](const Row& row) { version = static_cast<int>(row.integer(0)); });
        !read)
        return read;
    if (version > latestSchemaVersion())
        return fail(ErrorCode::database,
                    "the database has schema version " + std::to_string(version) + ", newer than the " +
                        std::to_string(latestSchemaVersion()) +
                        " this software knows; refusing to open it rather than downgrade it");
    schemaVersion_ = version;

    std::string mode;
    if (auto set = query("PRAGMA journal_mode=WAL", {}, [&](const Row& row) { mode = row.text(0); }); !set)
        return set;
    if (mode != "wal")
        return fail(ErrorCode::database, "the database refused WAL mode (journal mode is " + mode + ")");
    for (const char* pragma :
         {"PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON", "PRAGMA secure_delete=ON"})
        if (auto set = execute(pragma); !set)
            return set;
    if (!options_.quickCheck)
        return {};
    // A damaged file is found at start, where the kiosk can show out-of-service and a technician can take
    // the file away, not in the middle of a citizen's commit. The file is small: this takes milliseconds.
    std::string verdict;
    if (auto checked = query("PRAGMA quick_check(1)", {}, [&](const Row& row) { verdict = row.text(0); });
        !checked)
        return checked.error().withContext("checking the database");
    if (verdict != "ok")
        return fail(ErrorCode::database,
                    "the database is damaged (" + verdict + "); it is left as it is for a technician");
    return {};
}

Status Database::migrate() {
    for (const Migration& step : options_.migrations) {
        if (step.version <= schemaVersion_)
            continue;
        assert(step.version == schemaVersion_ + 1 && "migration steps must be numbered consecutively");
        auto applied = transaction([&]() -> Status {
            if (auto ran = executeScript(step.sql); !ran)
                return ran;
            return execute("PRAGMA user_version = " + std::to_string(step.version));
        });
        if (!applied)
            return applied.error().withContext("migrating to schema version " + std::to_string(step.version) +
                                               " (" + step.description + ")");
        schemaVersion_ = step.version;
    }
    return {};
}

Status Database::transaction(const std::function<Status()>& fn) {
    std::lock_guard lock(mutex_);
    const bool outermost = depth_ == 0;
    const std::string savepoint = "nested_" + std::to_string(depth_);
    if (auto begun = executeScript(outermost ? "BEGIN IMMEDIATE" : ("SAVEPOINT " + savepoint).c_str());
        !begun)
        return begun.error().withContext("starting a transaction");

    ++depth_;
    Status result;
    try {
        result = fn();
    } catch (const std::exception& e) {
        result = Error{ErrorCode::internal, std::string("transaction aborted by an exception: ") + e.what()};
    } catch (...) {
        result = Error{ErrorCode::internal, "transaction aborted by an unknown exception"};
    }
    --depth_;

    if (result) {
        auto committed = executeScript(outermost ? "COMMIT" : ("RELEASE " + savepoint).c_str());
        if (committed)
            return {};
        result = committed.error().withContext("committing");
    }
    // SQLite rolls the whole transaction back by itself after some errors (disk full, I/O); then there
    // is nothing left to undo here, and the failures of these statements add nothing to the first error.
    if (outermost) {
        if (sqlite3_get_autocommit(db_) == 0)
            (void)executeScript("ROLLBACK");
    } else if (sqlite3_get_autocommit(db_) == 0) {
        (void)executeScript(("ROLLBACK TO " + savepoint).c_str());
        (void)executeScript(("RELEASE " + savepoint).c_str());
    }
    return result;
}

Status Database::execute(std::string_view sql, const SqlParams& params) {
    return run(sql, params, nullptr);
}

Expected<std::int64_t> Database::insert(std::string_view sql, const SqlParams& params) {
    std::lock_guard lock(mutex_);
    if (auto ran = run(sql, params, nullptr); !ran)
        return ran.error();
    return static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_));
}

Expected<int> Database::update(std::string_view sql, const SqlParams& params) {
    std::lock_guard lock(mutex_);
    if (auto ran = run(sql, params, nullptr); !ran)
        return ran.error();
    return sqlite3_changes(db_);
}

Status Database::query(std::string_view sql, const SqlParams& params,
                       const std::function<void(const Row&)>& onRow) {
    return run(sql, params, &onRow);
}

Status Database::checkpoint() {
    std::lock_guard lock(mutex_);
    if (depth_ > 0)
        return fail(ErrorCode::conflict, "checkpointing: a transaction is still open");
    const int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    if (rc != SQLITE_OK)
        return sqliteError(rc, "checkpointing the WAL");
    return {};
}

Status Database::run(std::string_view sql, const SqlParams& params,
                     const std::function<void(const Row&)>* onRow) {
    std::lock_guard lock(mutex_);
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &raw, &tail);
    StatementPtr stmt(raw);
    if (rc != SQLITE_OK)
        return sqliteError(rc, "preparing \"" + excerpt(sql) + "\"");
    if (stmt == nullptr)
        return fail(ErrorCode::internal, "preparing \"" + excerpt(sql) + "\": no statement");
    if (tail != nullptr && tail < sql.data() + sql.size() &&
        !onlyWhitespace(std::string(tail, sql.data() + sql.size()).c_str()))
        return fail(ErrorCode::internal, "preparing \"" + excerpt(sql) + "\": more than one statement");
    if (sqlite3_bind_parameter_count(stmt.get()) != static_cast<int>(params.size()))
        return fail(ErrorCode::internal, "binding \"" + excerpt(sql) + "\": expected " +
                                             std::to_string(sqlite3_bind_parameter_count(stmt.get())) +
                                             " parameters, got " + std::to_string(params.size()));

    for (std::size_t i = 0; i < params.size(); ++i) {
        const int index = static_cast<int>(i) + 1;
        rc = std::visit(
            [&](const auto& value) -> int {
                using T = std::decay_t<decltype(value)>;
                if constexpr (std::is_same_v<T, std::nullptr_t>) {
                    return sqlite3_bind_null(stmt.get(), index);
                } else if constexpr (std::is_same_v<T, std::int64_t>) {
                    return sqlite3_bind_int64(stmt.get(), index, value);
                } else if constexpr (std::is_same_v<T, std::string>) {
                    return sqlite3_bind_text64(stmt.get(), index, value.data(), value.size(),
                                               SQLITE_TRANSIENT, SQLITE_UTF8);
                } else {
                    // An empty vector's data() may be null, which SQLite would store as NULL, not as a blob.
                    if (value.empty())
                        return sqlite3_bind_zeroblob(stmt.get(), index, 0);
                    return sqlite3_bind_blob64(stmt.get(), index, value.data(), value.size(),
                                               SQLITE_TRANSIENT);
                }
            },
            params[i]);
        if (rc != SQLITE_OK)
            return sqliteError(rc,
                               "binding parameter " + std::to_string(index) + " of \"" + excerpt(sql) + "\"");
    }

    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW)
        if (onRow != nullptr)
            (*onRow)(Row(stmt.get()));
    if (rc != SQLITE_DONE)
        return sqliteError(rc, "running \"" + excerpt(sql) + "\"");
    return {};
}

Status Database::executeScript(const char* sql) {
    std::lock_guard lock(mutex_);
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
    if (rc == SQLITE_OK)
        return {};
    std::string text = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    return Error{(rc & 0xff) == SQLITE_CONSTRAINT ? ErrorCode::conflict : ErrorCode::database,
                 "running \"" + excerpt(sql) + "\": " + text};
}

Error Database::sqliteError(int rc, std::string_view what) const {
    const ErrorCode code = (rc & 0xff) == SQLITE_CONSTRAINT ? ErrorCode::conflict : ErrorCode::database;
    return Error{code, std::string(what) + ": " + sqlite3_errmsg(db_)};
}

}  // namespace yimen::sqlite
