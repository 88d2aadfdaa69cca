// Tests of kiosk/store/database: opening, pragmas, migrations, refusal of newer files, transactions.
#include "kiosk/store/database.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "kiosk/store/audit_log.h"
#include "kiosk/store/catalog_cache.h"
#include "kiosk/store/outbox.h"
#include "kiosk/store/receipt_book.h"
#include "kiosk/store/schema.h"
#include "store_fixture.h"

using namespace yimen;
using namespace yimen::kiosk::store;
using namespace yimen::kiosk::store::test;

namespace {

// Runs SQL on a file with plain SQLite, the way an older release or another program would have.
void rawExec(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    const std::string text = message != nullptr ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    INFO(text);
    REQUIRE(rc == SQLITE_OK);
}

std::string pragmaText(Database& db, const std::string& pragma) {
    std::string value;
    REQUIRE(db.query("PRAGMA " + pragma, {}, [&](const Row& row) { value = row.text(0); }));
    return value;
}

std::vector<std::string> tableNames(Database& db) {
    std::vector<std::string> names;
    REQUIRE(db.query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", {},
        [&](const Row& row) { names.push_back(row.text(0)); }));
    return names;
}

int countRows(Database& db, const std::string& table) {
    int count = -1;
    REQUIRE(db.query("SELECT COUNT(*) FROM " + table, {},
                     [&](const Row& row) { count = static_cast<int>(row.integer(0)); }));
    return count;
}

}  // namespace

TEST_CASE("a new database file is created and migrated to the latest schema version", "[database]") {
    TempDir dir;
    auto db = openDatabase(dir.file("kiosk.db"));
    CHECK(db->schemaVersion() == latestSchemaVersion());
    CHECK(db->schemaVersion() == static_cast<int>(schemaMigrations().size()));
    CHECK(pragmaText(*db, "user_version") == std::to_string(latestSchemaVersion()));
    CHECK(tableNames(*db) == std::vector<std::string>{"audit_log", "catalog_cache", "outbox", "print_ledger",
                                                      "receipt_counters", "receipt_floors", "receipts"});
}

TEST_CASE("an empty file left by an interrupted first start is migrated like a new one", "[database]") {
    TempDir dir;
    writeBytes(dir.file("kiosk.db"), "");
    auto db = openDatabase(dir.file("kiosk.db"));
    CHECK(db->schemaVersion() == latestSchemaVersion());
}

TEST_CASE("a database directory that does not exist yet is created", "[database]") {
    TempDir dir;
    auto db = openDatabase(dir.file("var/lib/yimen/kiosk.db"));
    CHECK(std::filesystem::exists(dir.file("var/lib/yimen/kiosk.db")));
}

TEST_CASE("the database runs in WAL mode with full sync, foreign keys and secure delete", "[database]") {
    TempDir dir;
    auto db = openDatabase(dir.file("kiosk.db"));
    CHECK(pragmaText(*db, "journal_mode") == "wal");
    CHECK(pragmaText(*db, "synchronous") == "2");  // FULL
    CHECK(pragmaText(*db, "foreign_keys") == "1");
    CHECK(pragmaText(*db, "secure_delete") == "1");
    CHECK(std::stoi(pragmaText(*db, "busy_timeout")) > 0);
}

TEST_CASE("a new database file and its WAL are readable by the kiosk user only", "[database]") {
    TempDir dir;
    auto db = openDatabase(dir.file("kiosk.db"));
    AuditLog audit(*db);
    REQUIRE(audit.append("technician", "maintenance.enter", "", 1));
    for (const char* name : {"kiosk.db", "kiosk.db-wal"}) {
        struct stat st {};
        REQUIRE(::stat(dir.file(name).c_str(), &st) == 0);
        INFO(name);
        CHECK((st.st_mode & 0777) == 0600);
    }
}

TEST_CASE("a version 1 database migrates, keeping its receipts and continuing their numbering",
          "[database]") {
    useChinaTime();
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    // The file as the first release left it: only step 1 applied, two receipts issued that day.
    rawExec(path,
            std::string(schemaMigrations()[0].sql) +
                "INSERT INTO receipts VALUES ('YM00072611290002', 'k2', '012345', 'item-1', '参保登记', "
                "'人社局', '4501**********1234', 20, 1, 'queued');"
                "INSERT INTO receipts VALUES ('YM00072611290003', 'k3', '543210', 'item-1', '参保登记', "
                "'人社局', '4501**********1234', 20, 2, 'delivered');"
                "INSERT INTO catalog_cache VALUES (1, '\"v7\"', '{}', 5);"
                "PRAGMA user_version = 1;");

    auto db = openDatabase(path);
    CHECK(db->schemaVersion() == latestSchemaVersion());
    CHECK(countRows(*db, "receipts") == 2);

    auto cached = CatalogCache(*db).load();
    REQUIRE(cached);
    REQUIRE(cached->has_value());
    CHECK((*cached)->etag == "\"v7\"");

    AuditLog audit(*db);
    CHECK(audit.append("system", "store.migrated", "to version 2", 10));

    auto box = loadBox(dir.file("outbox.key"));
    Outbox outbox(*db, box);
    ReceiptBook book(*db, outbox, 7);
    auto receipt = book.issue(
        {"k4", "item-1", "参保登记", "人社局", "4501**********1234", 20},
        [](const std::string&, const std::string&) { return std::string("{}"); },
        chinaTimeMs(2026, 11, 29, 15, 0));
    REQUIRE(receipt);
    CHECK(receipt->receiptNo == "YM00072611290004");
}

TEST_CASE("a migration step that fails is undone and the file stays at its old version", "[database]") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    // A version 1 file that somebody gave a table of the name step 2 creates.
    rawExec(path, std::string(schemaMigrations()[0].sql) +
                      "CREATE TABLE audit_log (note TEXT); PRAGMA user_version = 1;");
    auto db = openKioskDatabase(path);
    REQUIRE_FALSE(db);
    CHECK_THAT(db.error().message, Catch::Contains("schema version 2"));

    rawExec(path, "DROP TABLE audit_log;");
    auto reopened = openDatabase(path);
    CHECK(reopened->schemaVersion() == latestSchemaVersion());
    CHECK(countRows(*reopened, "receipt_counters") == 0);
}

TEST_CASE("a write waits for another process's brief lock instead of failing", "[database]") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    auto db = openDatabase(path);
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other,
                         "BEGIN IMMEDIATE; INSERT INTO audit_log (at_ms, actor, action, detail) "
                         "VALUES (1, 'sqlite3', 'shell', '')",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    std::thread release([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
    });
    AuditLog audit(*db);
    auto appended = audit.append("technician", "maintenance.enter", "", 2);
    release.join();
    sqlite3_close(other);
    CHECK(appended);
    CHECK(countRows(*db, "audit_log") == 2);
}

TEST_CASE("a database from newer software is refused and left untouched", "[database]") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    rawExec(path, "CREATE TABLE future (x INTEGER); PRAGMA user_version = 99;");
    const std::string before = readBytes(path);

    auto db = openKioskDatabase(path);
    REQUIRE_FALSE(db);
    CHECK(db.error().code == ErrorCode::database);
    CHECK_THAT(db.error().message, Catch::Contains("99") && Catch::Contains("newer"));
    CHECK(readBytes(path) == before);
    CHECK_FALSE(std::filesystem::exists(path + "-wal"));
}

TEST_CASE("a file that is not a SQLite database is refused with a clear error", "[database]") {
    TempDir dir;
    const std::string path = dir.file("kiosk.db");
    writeBytes(path, std::string(4096, 'x'));
    auto db = openKioskDatabase(path);
    REQUIRE_FALSE(db);
    CHECK(db.error().code == ErrorCode::database);
    CHECK_THAT(db.error().message, Catch::Contains("not a database"));
}

TEST_CASE("an empty database path is refused", "[database]") {
    auto db = openKioskDatabase("");
    REQUIRE_FALSE(db);
    CHECK(db.error().code == ErrorCode::invalidInput);
}

TEST_CASE("a transaction whose work fails leaves nothing behind", "[database]") {
    TempDir dir;
    auto db = openDatabase(dir.file("kiosk.db"));
    AuditLog audit(*db);
    auto result = db->transaction([&]() -> Status {
        REQUIRE(audit.append("technician", "first", "", 1));
        return fail(ErrorCode::device, "printer jammed");
    });
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::device);
    CHECK(result.error().message == "printer jammed");
    CHECK(countRows(*db, "audit_log") == 0);
}

TEST_CASE("an exception inside a transaction rolls it back and comes out as an error", "[database]") {
    TempDir dir;
    auto db = openDatabase(dir.file("kiosk.db"));
    AuditLog audit(*db);
    auto result = db->transaction([&]() -> Status {
        REQUIRE(audit.append("technician", "first", "", 1));
        throw std::runtime_error("json parse error");
    });
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::internal);
    CHECK_THAT(result.error().message, Catch::Contains("json parse error"));
    CHECK(countRows(*db, "audit_log") == 0);
    // The connection is usable afterwards: no transaction was left open.
    CHECK(audit.append("technician", "second", "", 2));
    CHECK(countRows(*db, "audit_log") == 1);
}

TEST_CASE("a failed nested transaction undoes only its own work", "[database]") {
    TempDir dir;
    auto db = openDatabase(dir.file("kiosk.db"));
    AuditLog audit(*db);
    auto outer = db->transaction([&]() -> Status {
        REQUIRE(audit.append("technician", "outer", "", 1));
        auto inner = db->transaction([&]() -> Status {
            REQUIRE(audit.append("technician", "inner", "", 2));
            return fail(ErrorCode::conflict, "inner refused");
        });
        CHECK_FALSE(inner);
        return {};
    });
    REQUIRE(outer);
    auto entries = audit.recent(10);
    REQUIRE(entries);
    REQUIRE(entries->size() == 1);
    CHECK(entries->front().action == "outer");
}

TEST_CASE("a violated constraint is reported as a conflict", "[database]") {
    TempDir dir;
    auto db = openDatabase(dir.file("kiosk.db"));
    auto result = db->execute("INSERT INTO catalog_cache (id, etag, json, saved_ms) VALUES (2, '', '{}', 0)");
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::conflict);
}

TEST_CASE("a statement given the wrong number of parameters is refused", "[database]") {
    TempDir dir;
    auto db = openDatabase(dir.file("kiosk.db"));
    auto result = db->execute("SELECT ?, ?", {std::int64_t{1}});
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::internal);
}

TEST_CASE("text, integers, blobs and NULL round-trip through the statement helpers", "[database]") {
    TempDir dir;
    auto db = openDatabase(dir.file("kiosk.db"));
    const std::vector<std::uint8_t> bytes{0, 1, 2, 255};
    bool seen = false;
    REQUIRE(db->query("SELECT ?, ?, ?, ?, ?",
                      {std::string("政务"), std::int64_t{-5}, bytes, nullptr, std::vector<std::uint8_t>{}},
                      [&](const Row& row) {
                          seen = true;
                          CHECK(row.text(0) == "政务");
                          CHECK(row.integer(1) == -5);
                          CHECK(row.blob(2) == bytes);
                          CHECK(row.isNull(3));
                          CHECK_FALSE(row.isNull(4));
                          CHECK(row.blob(4).empty());
                      }));
    CHECK(seen);
}
