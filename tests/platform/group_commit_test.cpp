// Group commit (platform/application_store.cpp, platform/server.cpp): concurrent creates share one
// transaction and one sync, each is judged as it would be alone, none is answered before it is committed,
// and a batch that cannot be committed stores none of its writes and fails every one of them.
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "fault_vfs.h"
#include "platform/application_store.h"
#include "platform/server.h"
#include "tests/platform/sample_application.h"
#include "tests/platform/support/kiosk_enrolment.h"
#include "tests/platform/tls_test_client.h"
#include "tests/support/temp_dir.h"

using namespace yimen;
using namespace yimen::platform;
using namespace yimen::testing;
using yimen::kiosk::store::test::FaultKind;
using yimen::kiosk::store::test::FaultOp;
using yimen::kiosk::store::test::FaultVfs;

namespace {

// A second connection to the database file, as another process (a technician's sqlite3 shell) would hold.
class OtherConnection {
public:
    explicit OtherConnection(const std::string& path) {
        REQUIRE(sqlite3_open(path.c_str(), &db_) == SQLITE_OK);
    }
    ~OtherConnection() { sqlite3_close(db_); }
    OtherConnection(const OtherConnection&) = delete;
    OtherConnection& operator=(const OtherConnection&) = delete;

    void run(const char* sql) { REQUIRE(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK); }
    // How many committed applications carry this receipt number.
    int applicationsWithReceipt(const std::string& receiptNo) {
        sqlite3_stmt* stmt = nullptr;
        REQUIRE(sqlite3_prepare_v2(db_, "SELECT COUNT(*) FROM applications WHERE receipt_no = ?1", -1, &stmt,
                                   nullptr) == SQLITE_OK);
        sqlite3_bind_text(stmt, 1, receiptNo.c_str(), -1, SQLITE_TRANSIENT);
        const int step = sqlite3_step(stmt);
        const int count = step == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : -1;
        sqlite3_finalize(stmt);
        return count;
    }

private:
    sqlite3* db_ = nullptr;
};

NewApplication newApplication(const std::string& receiptNo) {
    return {receiptNo,
            "123456",
            "pension-enrolment",
            "城乡居民基本养老保险参保登记",
            "县人力资源和社会保障局",
            "2026-11-29T09:30:00+08:00",
            {{"name", "韦秀英"}},
            {{"payLevel", "300元"}}};
}

AnswerBuilder answerNaming(const std::string& receiptNo) {
    return [receiptNo](const std::string& id, const std::string&) { return id + " " + receiptNo; };
}

struct Write {
    std::string key;
    std::string fingerprint;
    std::string receiptNo;
};

// Runs every write at once, each from its own thread, while `lockHolder` keeps the database's write lock
// for a moment, so the writes wait together and the writer takes them as one batch (the outcomes asserted
// do not depend on it).
std::vector<Expected<WriteResult>> createTogether(ApplicationStore& store, const std::string& dbPath,
                                                  const std::vector<Write>& writes) {
    OtherConnection lockHolder(dbPath);
    lockHolder.run("BEGIN IMMEDIATE");
    std::vector<Expected<WriteResult>> results(writes.size(), Error{});
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < writes.size(); ++i)
        threads.emplace_back([&, i] {
            const Write& w = writes[i];
            results[i] = store.createApplication({"kiosk-0001", "applications", w.key, w.fingerprint},
                                                 newApplication(w.receiptNo), answerNaming(w.receiptNo));
        });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    lockHolder.run("ROLLBACK");
    for (std::thread& t : threads) t.join();
    return results;
}

std::map<WriteResult::Kind, int> kindsOf(const std::vector<Expected<WriteResult>>& results) {
    std::map<WriteResult::Kind, int> kinds;
    for (const Expected<WriteResult>& r : results) {
        REQUIRE(r.hasValue());
        ++kinds[r->kind];
    }
    return kinds;
}

std::unique_ptr<ApplicationStore> openStore(const std::string& path) {
    Expected<std::unique_ptr<ApplicationStore>> s = ApplicationStore::open(path);
    REQUIRE(s.hasValue());
    return std::move(*s);
}

}  // namespace

TEST_CASE("writes committed together are judged as one by one: one application per key and per receipt",
          "[store][group-commit]") {
    TempDir dir;
    const std::string path = dir / "platform.db";
    auto store = openStore(path);
    const std::vector<Write> writes = {
        {"key-alone-1", "body-1", "YM00010000000001"},      // created
        {"key-twice-2", "body-2", "YM00010000000002"},      // created once, replayed once
        {"key-twice-2", "body-2", "YM00010000000002"},      //
        {"key-reused-3", "body-3", "YM00010000000003"},     // created once, the other body refused
        {"key-reused-3", "body-3b", "YM00010000000033"},    //
        {"key-receipt-4a", "body-4a", "YM00010000000004"},  // one holds the receipt, the other is refused
        {"key-receipt-4b", "body-4b", "YM00010000000004"},  //
    };
    const std::vector<Expected<WriteResult>> results = createTogether(*store, path, writes);
    std::map<WriteResult::Kind, int> kinds = kindsOf(results);
    CHECK(kinds[WriteResult::Kind::created] == 4);
    CHECK(kinds[WriteResult::Kind::replayed] == 1);
    CHECK(kinds[WriteResult::Kind::keyReused] == 1);
    CHECK(kinds[WriteResult::Kind::duplicateReceipt] == 1);
    // The replay answers with the first answer, byte for byte.
    CHECK(results[1]->body == results[2]->body);
    // (which id it got depends on the order the threads reached the writer)
    CHECK(results[1]->body.starts_with("A00000"));
    CHECK(results[1]->body.ends_with(" YM00010000000002"));

    Expected<std::int64_t> count = store->applicationCount();
    REQUIRE(count.hasValue());
    CHECK(*count == 4);
    OtherConnection reader(path);
    for (const char* receipt : {"YM00010000000001", "YM00010000000002", "YM00010000000004"})
        CHECK(reader.applicationsWithReceipt(receipt) == 1);
    // The reused key stored whichever of its two bodies reached the writer first, never both.
    CHECK(reader.applicationsWithReceipt("YM00010000000003") +
              reader.applicationsWithReceipt("YM00010000000033") ==
          1);
}

TEST_CASE("a batch whose commit fails on a full or failing disk stores none of its writes and fails them all",
          "[store][group-commit][storage]") {
    for (const FaultOp op : {FaultOp::write, FaultOp::sync}) {
        for (const FaultKind kind : {FaultKind::diskFull, FaultKind::ioError}) {
            INFO((kind == FaultKind::diskFull ? "ENOSPC" : "EIO")
                 << " on the first " << (op == FaultOp::write ? "write" : "sync"));
            FaultVfs vfs;  // before the store opens its file, so the file goes through it
            TempDir dir;
            const std::string path = dir / "platform.db";
            std::vector<Write> writes;
            for (int i = 1; i <= 6; ++i)
                writes.push_back({"key-batch-" + std::to_string(i), "body-" + std::to_string(i),
                                  "YM0001000000000" + std::to_string(i)});
            {
                auto store = openStore(path);
                vfs.arm(op, kind, 1);
                const std::vector<Expected<WriteResult>> results = createTogether(*store, path, writes);
                CHECK(vfs.fired());
                vfs.disarm();
                for (const Expected<WriteResult>& r : results) {
                    REQUIRE_FALSE(r.hasValue());
                    CHECK(r.error().code == ErrorCode::database);
                }
            }
            // Nothing of the batch is on disk, and the same writes succeed once the disk works again.
            auto store = openStore(path);
            Expected<std::int64_t> count = store->applicationCount();
            REQUIRE(count.hasValue());
            CHECK(*count == 0);
            const std::vector<Expected<WriteResult>> retried = createTogether(*store, path, writes);
            CHECK(kindsOf(retried)[WriteResult::Kind::created] == 6);
        }
    }
}

TEST_CASE("concurrent creates over several connections are each stored once and answered only once committed",
          "[server][group-commit]") {
    TempDir dir;
    const std::string stateDir = dir / "state";
    Expected<std::unique_ptr<Server>> started = Server::start({.stateDir = stateDir});
    REQUIRE(started.hasValue());
    Server& server = **started;
    const yimen::testing::EnrolledKiosk kiosk = yimen::testing::enrolKiosk(stateDir, dir / "kiosk");
    const TestTls tls{stateDir + "/pki/ca.crt", kiosk.certFile, kiosk.keyFile};
    const std::string dbPath = databasePath(stateDir);

    constexpr int kConnections = 8;
    constexpr int kEach = 12;
    std::atomic<int> created{0}, replayed{0}, refused{0}, invisibleWhenAnswered{0}, unexpected{0};
    std::vector<std::thread> kiosks;
    for (int c = 0; c < kConnections; ++c) {
        kiosks.emplace_back([&, c] {
            TlsTestClient client(server.port(), tls);
            OtherConnection reader(dbPath);  // sees what is committed, nothing else
            for (int i = 0; i < kEach; ++i) {
                const std::string receiptNo = receiptNumber(c * 1000 + i);
                const std::string body = sampleApplication(receiptNo).dump();
                const std::string key = "group-" + std::to_string(c) + "-" + std::to_string(i);
                Expected<TestResponse> r =
                    client.send("POST", "/api/v1/applications", body, {{"Idempotency-Key", key}});
                if (!r || r->status != 201) {
                    ++unexpected;
                    continue;
                }
                ++created;
                // The answer came after the commit: another connection sees the application now.
                if (reader.applicationsWithReceipt(receiptNo) != 1)
                    ++invisibleWhenAnswered;
                // The same request again is a replay, and another key for the same receipt a conflict.
                Expected<TestResponse> again =
                    client.send("POST", "/api/v1/applications", body, {{"Idempotency-Key", key}});
                if (again && again->status == 200 && again->body == r->body)
                    ++replayed;
                Expected<TestResponse> other =
                    client.send("POST", "/api/v1/applications", body, {{"Idempotency-Key", key + "-other"}});
                if (other && other->status == 409)
                    ++refused;
            }
        });
    }
    for (std::thread& t : kiosks) t.join();

    CHECK(unexpected == 0);
    CHECK(created == kConnections * kEach);
    CHECK(invisibleWhenAnswered == 0);
    CHECK(replayed == kConnections * kEach);
    CHECK(refused == kConnections * kEach);
    server.stop();
    auto store = openStore(dbPath);
    Expected<std::int64_t> count = store->applicationCount();
    REQUIRE(count.hasValue());
    CHECK(*count == kConnections * kEach);
}
