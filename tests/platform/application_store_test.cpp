// Tests of platform/application_store.cpp: idempotent writes, the timeline, durability, concurrency.
#include "platform/application_store.h"

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "platform/application_state.h"
#include "tests/platform/sample_application.h"
#include "tests/support/temp_dir.h"

using namespace yimen;
using namespace yimen::platform;
using namespace yimen::testing;

namespace {

std::unique_ptr<ApplicationStore> openStore(const std::string& path) {
    Expected<std::unique_ptr<ApplicationStore>> store = ApplicationStore::open(path);
    REQUIRE(store.hasValue());
    return std::move(*store);
}

NewApplication application(const std::string& receiptNo) {
    NewApplication a;
    a.receiptNo = receiptNo;
    a.queryCode = "123456";
    a.itemId = "pension-enrolment";
    a.itemName = "城乡居民基本养老保险参保登记";
    a.department = "县人力资源和社会保障局";
    a.submittedAt = "2026-11-29T06:30:00Z";
    a.applicant = {{"name", "张三"}, {"idNumber", validIdNumber()}};
    a.answers = {{"phone", "13800138000"}};
    return a;
}

const AnswerBuilder kAnswer = [](const std::string& id, const std::string& createdAt) {
    return "{\"applicationId\":\"" + id + "\",\"createdAt\":\"" + createdAt + "\"}";
};

WriteResult create(ApplicationStore& store, const std::string& key, const std::string& receiptNo,
                   const std::string& fingerprint = "fp") {
    Expected<WriteResult> r = store.createApplication({"kiosk-0001", "applications", key, fingerprint},
                                                      application(receiptNo), kAnswer);
    REQUIRE(r.hasValue());
    return *r;
}

std::vector<std::string> timelineOf(ApplicationStore& store, const std::string& receiptNo) {
    Expected<StoredApplication> a = store.application(receiptNo);
    REQUIRE(a.hasValue());
    std::vector<std::string> path;
    for (const TimelineEntry& e : a->timeline) path.push_back(e.status);
    return path;
}

}  // namespace

TEST_CASE("an idempotent write is stored once and its first answer replayed byte for byte", "[store]") {
    TempDir dir;
    auto store = openStore(dir / "platform.db");
    const WriteResult first = create(*store, "key-1", "YM0001");
    CHECK(first.kind == WriteResult::Kind::created);
    CHECK(first.httpStatus == 201);
    CHECK(first.body.find("A000001") != std::string::npos);

    const WriteResult again = create(*store, "key-1", "YM0001");
    CHECK(again.kind == WriteResult::Kind::replayed);
    CHECK(again.body == first.body);
    CHECK(create(*store, "key-1", "YM0001", "other").kind == WriteResult::Kind::keyReused);
    CHECK(create(*store, "key-2", "YM0001").kind == WriteResult::Kind::duplicateReceipt);
    CHECK(*store->applicationCount() == 1);
}

TEST_CASE("the same key from another kiosk is another write", "[store]") {
    TempDir dir;
    auto store = openStore(dir / "platform.db");
    CHECK(create(*store, "key-1", "YM0001").kind == WriteResult::Kind::created);
    Expected<WriteResult> other = store->createApplication({"kiosk-0002", "applications", "key-1", "fp"},
                                                           application("YM0002"), kAnswer);
    REQUIRE(other.hasValue());
    CHECK(other->kind == WriteResult::Kind::created);
    CHECK(*store->applicationCount() == 2);
}

TEST_CASE("racing writers on separate connections store one application per key", "[store]") {
    TempDir dir;
    const std::string path = dir / "platform.db";
    openStore(path);  // creates the schema once
    constexpr int kWriters = 4;
    std::vector<std::unique_ptr<ApplicationStore>> stores;
    for (int i = 0; i < kWriters; ++i) stores.push_back(openStore(path));
    std::atomic<int> created{0}, replayed{0}, failed{0}, ready{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kWriters; ++i) {
        threads.emplace_back([&, i] {
            ++ready;
            while (ready.load() < kWriters) std::this_thread::yield();
            for (int k = 0; k < 25; ++k) {
                Expected<WriteResult> r = stores[i]->createApplication(
                    {"kiosk-0001", "applications", "key-" + std::to_string(k), "fp"},
                    application("YM" + std::to_string(100000 + k)), kAnswer);
                if (!r)
                    ++failed;
                else if (r->kind == WriteResult::Kind::created)
                    ++created;
                else if (r->kind == WriteResult::Kind::replayed)
                    ++replayed;
            }
        });
    }
    for (std::thread& t : threads) t.join();
    CHECK(failed == 0);
    CHECK(created == 25);
    CHECK(replayed == 25 * (kWriters - 1));
    CHECK(*stores[0]->applicationCount() == 25);
}

TEST_CASE("an application moves only along legal steps, each one added to its timeline", "[store]") {
    TempDir dir;
    auto store = openStore(dir / "platform.db");
    create(*store, "key-1", "YM0001");

    Status skip = store->advance("YM0001", "completed");
    REQUIRE_FALSE(skip.hasValue());
    CHECK(skip.error().code == ErrorCode::conflict);
    REQUIRE(store->advance("YM0001", "accepted").hasValue());
    REQUIRE(store->advance("YM0001", "reviewing").hasValue());
    REQUIRE(store->advance("YM0001", "completed").hasValue());
    CHECK(timelineOf(*store, "YM0001") ==
          std::vector<std::string>{"submitted", "accepted", "reviewing", "completed"});
    CHECK(store->advance("YM0001", "rejected", "too late").error().code == ErrorCode::conflict);

    CHECK(store->advance("YM9999", "accepted").error().code == ErrorCode::notFound);
    CHECK(store->advance("YM0001", "approved").error().code == ErrorCode::invalidInput);
}

TEST_CASE("a rejection needs a reason, which the timeline keeps", "[store]") {
    TempDir dir;
    auto store = openStore(dir / "platform.db");
    create(*store, "key-1", "YM0001");
    CHECK(store->advance("YM0001", "rejected").error().code == ErrorCode::invalidInput);
    CHECK(store->advance("YM0001", "rejected", "  ").error().code == ErrorCode::invalidInput);
    REQUIRE(store->advance("YM0001", "rejected", "材料不齐全，请补充户口簿").hasValue());
    Expected<StoredApplication> a = store->application("YM0001");
    REQUIRE(a.hasValue());
    CHECK(a->status == "rejected");
    REQUIRE(a->timeline.size() == 2);
    CHECK(a->timeline[1].text == "不予受理");
    CHECK(a->timeline[1].note == "材料不齐全，请补充户口簿");
    CHECK(a->timeline[1].nextStep == kRejectionNextStep);
    CHECK(a->timeline[1].department == a->department);
    CHECK_FALSE(a->department.empty());
    CHECK(a->timeline[0].department.empty());  // the kiosk's submission
    CHECK(a->timeline[0].nextStep.empty());
}

TEST_CASE("each open application moves one step per simulated department round", "[store]") {
    TempDir dir;
    auto store = openStore(dir / "platform.db");
    create(*store, "key-1", "YM0001");
    create(*store, "key-2", "YM0002");
    REQUIRE(store->advance("YM0002", "rejected", "不符合条件").hasValue());

    CHECK(*store->advanceOpenApplications() == 1);
    CHECK(store->application("YM0001")->status == "accepted");
    CHECK(*store->advanceOpenApplications() == 1);
    CHECK(*store->advanceOpenApplications() == 1);
    CHECK(store->application("YM0001")->status == "completed");
    CHECK(*store->advanceOpenApplications() == 0);
    CHECK(store->application("YM0002")->status == "rejected");
}

TEST_CASE("a citizen finds an application only with its query code", "[store]") {
    TempDir dir;
    auto store = openStore(dir / "platform.db");
    create(*store, "key-1", "YM0001");
    CHECK(store->applicationForCitizen("YM0001", "123456").hasValue());
    CHECK(store->applicationForCitizen("YM0001", "654321").error().code == ErrorCode::notFound);
    CHECK(store->applicationForCitizen("YM0002", "123456").error().code == ErrorCode::notFound);
}

TEST_CASE("everything stored is there after the database is reopened", "[store]") {
    TempDir dir;
    {
        auto store = openStore(dir / "platform.db");
        create(*store, "key-1", "YM0001");
        REQUIRE(store->advance("YM0001", "accepted").hasValue());
        REQUIRE(store
                    ->createRating({"kiosk-0001", "ratings", "rating-1", "fp"}, {"YM0001", 5, {"办事快"}, ""},
                                   kAnswer)
                    .hasValue());
        REQUIRE(store->saveCatalog("v1", "{}").hasValue());
    }
    auto store = openStore(dir / "platform.db");
    CHECK(timelineOf(*store, "YM0001") == std::vector<std::string>{"submitted", "accepted"});
    CHECK(*store->ratingCount() == 1);
    CHECK(create(*store, "key-1", "YM0001").kind == WriteResult::Kind::replayed);
    Expected<std::optional<ApplicationStore::StoredCatalog>> catalog = store->storedCatalog();
    REQUIRE(catalog.hasValue());
    REQUIRE(catalog->has_value());
    CHECK((*catalog)->version == "v1");
}

TEST_CASE("the application list shows ID numbers masked", "[store]") {
    TempDir dir;
    auto store = openStore(dir / "platform.db");
    create(*store, "key-1", "YM0001");
    Expected<std::vector<ApplicationSummary>> list = store->listApplications();
    REQUIRE(list.hasValue());
    REQUIRE(list->size() == 1);
    CHECK(list->front().maskedIdNumber ==
          validIdNumber().substr(0, 4) + "**********" + validIdNumber().substr(14));
    CHECK(list->front().status == "submitted");
}

TEST_CASE("a file that is not a database is reported, not crashed on", "[store]") {
    TempDir dir;
    {
        std::FILE* f = std::fopen((dir / "platform.db").c_str(), "wb");
        REQUIRE(f != nullptr);
        std::fputs("this is not an SQLite database, just some text that is long enough to have a header", f);
        std::fclose(f);
    }
    Expected<std::unique_ptr<ApplicationStore>> store = ApplicationStore::open(dir / "platform.db");
    REQUIRE_FALSE(store.hasValue());
    CHECK(store.error().code == ErrorCode::database);
}

TEST_CASE("a freshly opened store commits durably: WAL with synchronous FULL", "[store]") {
    TempDir dir;
    auto store = openStore(dir / "platform.db");
    Expected<ApplicationStore::ConnectionSettings> settings = store->connectionSettings();
    REQUIRE(settings.hasValue());
    CHECK(settings->journalMode == "wal");
    CHECK(settings->synchronous == 2);  // FULL: the WAL is synced at every commit, before the answer
}

TEST_CASE("a replay is found before anything is judged, and a reused key is told apart", "[store]") {
    TempDir dir;
    auto store = openStore(dir / "platform.db");
    const IdempotentWrite write{"kiosk-0001", "applications", "key-1", "fp"};
    CHECK_FALSE(store->findWrite(write)->has_value());
    const WriteResult first = create(*store, "key-1", "YM0001");
    Expected<std::optional<WriteResult>> found = store->findWrite(write);
    REQUIRE(found.hasValue());
    REQUIRE(found->has_value());
    CHECK((*found)->kind == WriteResult::Kind::replayed);
    CHECK((*found)->body == first.body);
    CHECK((*store->findWrite({"kiosk-0001", "applications", "key-1", "other"}))->kind ==
          WriteResult::Kind::keyReused);
    CHECK_FALSE(store->findWrite({"kiosk-0002", "applications", "key-1", "fp"})->has_value());
}

TEST_CASE("every catalog version served is kept", "[store]") {
    TempDir dir;
    auto store = openStore(dir / "platform.db");
    REQUIRE(store->saveCatalog("v1", "{\"one\":1}").hasValue());
    REQUIRE(store->saveCatalog("v2", "{\"two\":2}").hasValue());
    CHECK((*store->storedCatalog())->version == "v2");
    CHECK(store->catalogVersion("v1")->value_or("") == "{\"one\":1}");
    CHECK(store->catalogVersion("v2")->value_or("") == "{\"two\":2}");
    CHECK_FALSE(store->catalogVersion("v3")->has_value());
}

TEST_CASE("the kiosk registry binds one terminal to one kiosk", "[store]") {
    TempDir dir;
    auto store = openStore(dir / "platform.db");
    REQUIRE(store->registerKiosk("kiosk-0001", 1).hasValue());
    CHECK(store->registerKiosk("kiosk-0001", 1).hasValue());
    CHECK(store->registerKiosk("kiosk-0002", 1).error().code == ErrorCode::conflict);
    CHECK(store->registerKiosk("kiosk-0001", 2).error().code == ErrorCode::conflict);
    CHECK(store->registerKiosk("kiosk-0002", 0).error().code == ErrorCode::invalidInput);
    CHECK(store->terminalOf("kiosk-0001")->value_or(0) == 1);
    CHECK_FALSE(store->terminalOf("kiosk-0002")->has_value());
}

TEST_CASE("the last receipt sequence counts one terminal's receipts of one day", "[store]") {
    TempDir dir;
    auto store = openStore(dir / "platform.db");
    create(*store, "key-1", "YM00012611290003");
    create(*store, "key-2", "YM00012611290012");
    create(*store, "key-3", "YM00012611300099");
    create(*store, "key-4", "YM00022611290500");
    CHECK(*store->lastReceiptSequence(1, "261129") == 12);
    CHECK(*store->lastReceiptSequence(1, "261130") == 99);
    CHECK(*store->lastReceiptSequence(2, "261129") == 500);
    CHECK(*store->lastReceiptSequence(1, "261201") == 0);
    CHECK(*store->lastReceiptSequence(3, "261129") == 0);
}

TEST_CASE("retention purges the personal fields of applications closed long ago and keeps the rest",
          "[store]") {
    TempDir dir;
    auto store = openStore(dir / "platform.db");
    create(*store, "key-1", "YM0001");  // will be completed
    create(*store, "key-2", "YM0002");  // will be rejected
    create(*store, "key-3", "YM0003");  // stays open
    for (const char* step : {"accepted", "reviewing", "completed"})
        REQUIRE(store->advance("YM0001", step).hasValue());
    REQUIRE(store->advance("YM0002", "rejected", "材料不齐全").hasValue());
    const auto now = std::chrono::system_clock::now();

    // Closed today: within 180 days, nothing is purged.
    CHECK(*store->purgePersonalData(now + std::chrono::hours(24 * 179), 180) == 0);
    CHECK(store->application("YM0001")->applicant.at("name") == "张三");

    // 181 days later both closed ones lose the applicant and the answers; the open one keeps them.
    CHECK(*store->purgePersonalData(now + std::chrono::hours(24 * 181), 180) == 2);
    for (const char* receipt : {"YM0001", "YM0002"}) {
        INFO(receipt);
        Expected<StoredApplication> a = store->application(receipt);
        REQUIRE(a.hasValue());
        CHECK(a->applicant.empty());
        CHECK(a->answers.empty());
        CHECK(a->receiptNo == receipt);
        CHECK(a->itemId == "pension-enrolment");
        CHECK(a->queryCode == "123456");
    }
    CHECK(timelineOf(*store, "YM0001") ==
          std::vector<std::string>{"submitted", "accepted", "reviewing", "completed"});
    CHECK(store->application("YM0002")->timeline.back().note == "材料不齐全");
    CHECK(store->application("YM0003")->applicant.at("idNumber") == validIdNumber());
    CHECK(store->application("YM0003")->answers.at("phone") == "13800138000");
    CHECK(*store->purgePersonalData(now + std::chrono::hours(24 * 400), 180) == 0);  // each purged once
}

namespace {

// The platform.db layout as the releases before the common SQLite layer wrote it, statement for statement:
// version 1, then the version 2 step. Kept verbatim here so a change to the migrations cannot pass unseen.
constexpr const char* kReleasedVersion1 = R"sql(
    CREATE TABLE catalog (id INTEGER PRIMARY KEY CHECK (id = 1), version TEXT NOT NULL, json TEXT NOT NULL,
        saved_at TEXT NOT NULL);
    CREATE TABLE applications (id INTEGER PRIMARY KEY AUTOINCREMENT, receipt_no TEXT NOT NULL UNIQUE,
        query_code TEXT NOT NULL, item_id TEXT NOT NULL, item_name TEXT NOT NULL, department TEXT NOT NULL,
        kiosk_id TEXT NOT NULL, applicant_json TEXT NOT NULL, answers_json TEXT NOT NULL,
        submitted_at TEXT NOT NULL, created_at TEXT NOT NULL, status TEXT NOT NULL);
    CREATE INDEX applications_open ON applications(status);
    CREATE TABLE application_events (id INTEGER PRIMARY KEY AUTOINCREMENT,
        application_id INTEGER NOT NULL REFERENCES applications(id), status TEXT NOT NULL, at TEXT NOT NULL,
        note TEXT NOT NULL);
    CREATE INDEX application_events_by_application ON application_events(application_id, id);
    CREATE TABLE ratings (id INTEGER PRIMARY KEY AUTOINCREMENT, receipt_no TEXT NOT NULL,
        level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5), tags_json TEXT NOT NULL, comment TEXT NOT NULL,
        kiosk_id TEXT NOT NULL, created_at TEXT NOT NULL);
    CREATE TABLE idempotency_keys (kiosk_id TEXT NOT NULL, scope TEXT NOT NULL, key TEXT NOT NULL,
        body_fingerprint TEXT NOT NULL, response_status INTEGER NOT NULL, response_body TEXT NOT NULL,
        created_at TEXT NOT NULL, PRIMARY KEY (kiosk_id, scope, key));
    INSERT INTO catalog VALUES (1, 'v7', '{"items":[]}', '2026-11-01T00:00:00Z');
    INSERT INTO applications VALUES (1, 'YM0001261129' || '0001', '123456', 'pension-enrolment', '养老保险',
        '人社局', 'kiosk-0001', '{"name":"张三"}', '{"phone":"13800138000"}', '2026-11-29T06:30:00Z',
        '2026-11-29T06:30:01Z', 'accepted');
    INSERT INTO application_events VALUES (1, 1, 'submitted', '2026-11-29T06:30:00Z', '');
    INSERT INTO application_events VALUES (2, 1, 'accepted', '2026-11-29T07:00:00Z', '');
    INSERT INTO idempotency_keys VALUES ('kiosk-0001', 'applications', 'key-1', 'fp-key-1', 201,
        '{"applicationId":"A000001"}', '2026-11-29T06:30:01Z');
    PRAGMA user_version = 1;
)sql";

constexpr const char* kReleasedVersion2 = R"sql(
    CREATE TABLE catalog_versions (version TEXT PRIMARY KEY, json TEXT NOT NULL, first_served_at TEXT NOT NULL);
    INSERT INTO catalog_versions(version, json, first_served_at) SELECT version, json, saved_at FROM catalog;
    CREATE TABLE kiosks (kiosk_id TEXT PRIMARY KEY,
        terminal_number INTEGER NOT NULL UNIQUE CHECK (terminal_number BETWEEN 1 AND 9999),
        registered_at TEXT NOT NULL);
    ALTER TABLE applications ADD COLUMN personal_purged_at TEXT;
    INSERT INTO kiosks VALUES ('kiosk-0001', 1, '2026-11-01T00:00:00Z');
    PRAGMA user_version = 2;
)sql";

// Writes a file the way a released platform left it: WAL mode, the given steps, closed cleanly.
void writeReleasedDatabase(const std::string& path, std::initializer_list<const char*> steps) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    std::string script = "PRAGMA journal_mode=WAL;";
    for (const char* step : steps) script += std::string("BEGIN IMMEDIATE;") + step + "COMMIT;";
    char* message = nullptr;
    const int rc = sqlite3_exec(db, script.c_str(), nullptr, nullptr, &message);
    const std::string text = message != nullptr ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    INFO(text);
    REQUIRE(rc == SQLITE_OK);
}

void checkReleasedContentIsServed(ApplicationStore& store) {
    CHECK(timelineOf(store, "YM00012611290001") == std::vector<std::string>{"submitted", "accepted"});
    Expected<StoredApplication> a = store.applicationForCitizen("YM00012611290001", "123456");
    REQUIRE(a.hasValue());
    CHECK(a->applicationId == "A000001");
    CHECK(a->applicant.at("name") == "张三");
    Expected<std::optional<WriteResult>> replay =
        store.findWrite({"kiosk-0001", "applications", "key-1", "fp-key-1"});
    REQUIRE(replay.hasValue());
    REQUIRE(replay->has_value());
    CHECK((*replay)->kind == WriteResult::Kind::replayed);
    CHECK((*replay)->body == "{\"applicationId\":\"A000001\"}");
    Expected<std::optional<std::string>> served = store.catalogVersion("v7");
    REQUIRE(served.hasValue());
    CHECK(served->value_or("") == "{\"items\":[]}");
    CHECK(*store.lastReceiptSequence(1, "261129") == 1);
    // And it goes on working: the next step lands in the timeline, and a new application gets the next id.
    REQUIRE(store.advance("YM00012611290001", "reviewing").hasValue());
    CHECK(timelineOf(store, "YM00012611290001").back() == "reviewing");
    CHECK(create(store, "key-2", "YM00012611290002").kind == WriteResult::Kind::created);
    CHECK(store.application("YM00012611290002")->applicationId == "A000002");
}

int userVersion(const std::string& path) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
    const int version = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return version;
}

}  // namespace

TEST_CASE("a version 2 database of the released platform migrates to version 3, keeping its content",
          "[store]") {
    TempDir dir;
    const std::string path = dir / "platform.db";
    writeReleasedDatabase(path, {kReleasedVersion1, kReleasedVersion2});
    {
        auto store = openStore(path);
        checkReleasedContentIsServed(*store);
        CHECK(*store->terminalOf("kiosk-0001") == std::optional<int>(1));
        Expected<ApplicationStore::ConnectionSettings> settings = store->connectionSettings();
        REQUIRE(settings.hasValue());
        CHECK(settings->journalMode == "wal");
        CHECK(settings->synchronous == 2);
    }
    CHECK(userVersion(path) == 3);
}

TEST_CASE("a version 1 database of the released platform migrates to version 3, keeping its content",
          "[store]") {
    TempDir dir;
    const std::string path = dir / "platform.db";
    writeReleasedDatabase(path, {kReleasedVersion1});
    {
        auto store = openStore(path);
        checkReleasedContentIsServed(*store);
        REQUIRE(store->registerKiosk("kiosk-0001", 1).hasValue());
    }
    CHECK(userVersion(path) == 3);
}

TEST_CASE("a database from a newer platform is refused and left at its version", "[store]") {
    TempDir dir;
    const std::string path = dir / "platform.db";
    writeReleasedDatabase(path, {kReleasedVersion1, kReleasedVersion2, "PRAGMA user_version = 4;"});
    Expected<std::unique_ptr<ApplicationStore>> store = ApplicationStore::open(path);
    REQUIRE_FALSE(store.hasValue());
    CHECK(store.error().code == ErrorCode::database);
    CHECK(userVersion(path) == 4);
}
