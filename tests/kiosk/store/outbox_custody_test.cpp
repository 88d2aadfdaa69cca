// Tests of what the store keeps for a person and for how long: refused applications, retention and
// discard, a lost key, file modes, receipt-number floors and a clock stepped back.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "kiosk/store/audit_log.h"
#include "kiosk/store/outbox.h"
#include "kiosk/store/outbox_key.h"
#include "kiosk/store/receipt_book.h"
#include "store_fixture.h"

using namespace yimen;
using namespace yimen::kiosk::store;
using namespace yimen::kiosk::store::test;
using network::OutboxKind;

namespace {

constexpr std::int64_t kNow = 1'800'000'000'000;
constexpr std::int64_t kDayMs = 24 * 3600 * 1000;

NewApplication application(const std::string& key) {
    return {key, "item-37", "城乡居民基本养老保险参保登记", "县人力资源和社会保障局", "4501**********1234",
            20};
}

std::string plainPayload(const std::string& receiptNo, const std::string& queryCode) {
    return "{\"receiptNo\":\"" + receiptNo + "\",\"queryCode\":\"" + queryCode + "\"}";
}

bool hasSealedPayload(Database& db, std::int64_t id) {
    bool has = false;
    REQUIRE(db.query("SELECT sealed_payload IS NOT NULL FROM outbox WHERE id = ?", {id},
                     [&](const Row& row) { has = row.integer(0) != 0; }));
    return has;
}

OutboxRecord recordOf(Outbox& outbox, std::int64_t id) {
    auto records = outbox.list(1000);
    REQUIRE(records);
    for (const auto& r : *records)
        if (r.id == id)
            return r;
    FAIL("no outbox record " << id);
    return {};
}

std::vector<AuditEntry> auditOf(Database& db) {
    auto entries = AuditLog(db).recent(100);
    REQUIRE(entries);
    return *entries;
}

// A terminal whose wall clock the test sets.
struct Terminal {
    StoreFixture store;
    std::int64_t wall = kNow;
    Outbox outbox{*store.db, store.box, OutboxOptions{30 * kDayMs, [this] { return wall; }}};
    ReceiptBook book{*store.db, outbox, 1};

    Terminal() { useChinaTime(); }

    std::int64_t enqueue(const std::string& key, const std::string& receiptNo) {
        auto id = outbox.enqueue(OutboxKind::application, key, receiptNo, "{\"secret\":1}", wall);
        REQUIRE(id);
        return *id;
    }
};

unsigned modeOf(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

}  // namespace

TEST_CASE("a refused application keeps its payload, is audited and is listed as needing a technician",
          "[outbox][custody]") {
    Terminal t;
    const std::int64_t id = t.enqueue("key-refused", "YM00012611290001");
    REQUIRE(t.outbox.markFailed(id, "receipt_not_yours: 回执编号不属于本终端"));

    const OutboxRecord record = recordOf(t.outbox, id);
    CHECK(record.state == "failed");
    CHECK(record.lastError == "receipt_not_yours: 回执编号不属于本终端");
    CHECK(record.sealed);
    CHECK(record.failedMs == kNow);
    CHECK(hasSealedPayload(*t.store.db, id));

    auto summary = t.outbox.summary();
    REQUIRE(summary);
    CHECK(summary->failed == 1);
    CHECK(summary->needsTechnician == 1);
    auto waiting = t.outbox.needingTechnician();
    REQUIRE(waiting);
    REQUIRE(waiting->size() == 1);
    CHECK(waiting->front().receiptNo == "YM00012611290001");

    const auto audit = auditOf(*t.store.db);
    REQUIRE_FALSE(audit.empty());
    CHECK(audit.front().action == "outbox.refused");
    CHECK_THAT(audit.front().detail,
               Catch::Contains("YM00012611290001") && Catch::Contains("receipt_not_yours"));

    // A technician's retry takes it off the list.
    REQUIRE(t.outbox.retryNow(id, kNow));
    CHECK(t.outbox.summary()->needsTechnician == 0);
}

TEST_CASE("a failed entry's payload is purged after the retention period, its bookkeeping kept",
          "[outbox][custody]") {
    Terminal t;
    const std::int64_t failed = t.enqueue("key-old", "YM00012611290001");
    const std::int64_t pending = t.enqueue("key-pending", "YM00012611290002");
    REQUIRE(t.outbox.markFailed(failed, "validation_failed: 联系电话格式不正确"));

    auto early = t.outbox.expireFailed(kNow + 30 * kDayMs - 1);
    REQUIRE(early);
    CHECK(*early == 0);
    CHECK(hasSealedPayload(*t.store.db, failed));

    REQUIRE(t.outbox.housekeeping(kNow + 30 * kDayMs));
    CHECK_FALSE(hasSealedPayload(*t.store.db, failed));
    CHECK(hasSealedPayload(*t.store.db, pending));
    const OutboxRecord record = recordOf(t.outbox, failed);
    CHECK(record.state == "expired");
    CHECK(record.receiptNo == "YM00012611290001");
    CHECK(record.lastError == "validation_failed: 联系电话格式不正确");
    CHECK(t.outbox.summary()->expired == 1);
    CHECK(t.outbox.summary()->needsTechnician == 0);
    CHECK(auditOf(*t.store.db).front().action == "outbox.expire");
    // Nothing left to send.
    auto retried = t.outbox.retryNow(failed, kNow);
    REQUIRE_FALSE(retried);
    CHECK(retried.error().code == ErrorCode::conflict);
}

TEST_CASE("a technician discards a failed entry with a reason; a pending or delivered one is a conflict",
          "[outbox][custody]") {
    Terminal t;
    const std::int64_t failed = t.enqueue("key-failed", "YM00012611290001");
    const std::int64_t pending = t.enqueue("key-pending", "YM00012611290002");
    const std::int64_t delivered = t.enqueue("key-delivered", "YM00012611290003");
    REQUIRE(t.outbox.markFailed(failed, "duplicate_receipt: 回执编号已被使用"));
    REQUIRE(t.outbox.markDelivered(delivered, "{}"));

    CHECK(t.outbox.discard(pending, "citizen withdrew", "tech-07", kNow).error().code == ErrorCode::conflict);
    CHECK(t.outbox.discard(delivered, "citizen withdrew", "tech-07", kNow).error().code ==
          ErrorCode::conflict);
    CHECK(t.outbox.discard(failed, "", "tech-07", kNow).error().code == ErrorCode::invalidInput);
    CHECK(t.outbox.discard(999, "x", "tech-07", kNow).error().code == ErrorCode::notFound);
    CHECK(hasSealedPayload(*t.store.db, pending));

    REQUIRE(t.outbox.discard(failed, "resubmitted at the counter", "tech-07", kNow));
    CHECK_FALSE(hasSealedPayload(*t.store.db, failed));
    const OutboxRecord record = recordOf(t.outbox, failed);
    CHECK(record.state == "discarded");
    CHECK_THAT(record.lastError, Catch::Contains("tech-07") && Catch::Contains("resubmitted at the counter"));
    const AuditEntry audit = auditOf(*t.store.db).front();
    CHECK(audit.actor == "technician");
    CHECK(audit.action == "outbox.discard");
    CHECK_THAT(audit.detail, Catch::Contains("YM00012611290001") && Catch::Contains("tech-07"));
    CHECK(t.outbox.discard(failed, "again", "tech-07", kNow).error().code == ErrorCode::conflict);
}

TEST_CASE("an entry scheduled further ahead than any backoff is due: the clock was stepped back",
          "[outbox][clock]") {
    Terminal t;
    const std::int64_t id = t.enqueue("key-stepped", "YM00012611290001");
    REQUIRE(t.outbox.markRetry(id, kNow + 2000, "unavailable"));
    // The wall clock is set back by a day: the stored time is now a day ahead.
    const std::int64_t dayEarlier = kNow - kDayMs;
    auto due = t.outbox.due(dayEarlier, 10, kHorizonMs);
    REQUIRE(due);
    REQUIRE(due->size() == 1);
    CHECK(due->front().id == id);
    // A retry inside the horizon waits as scheduled.
    REQUIRE(t.outbox.markRetry(id, kNow + 60'000, "unavailable"));
    CHECK(t.outbox.due(kNow, 10, kHorizonMs)->empty());
}

TEST_CASE("a lost outbox key is not replaced while sealed entries need it", "[outbox][key]") {
    Terminal t;
    const std::int64_t id = t.enqueue("key-waiting", "YM00012611290001");
    std::filesystem::remove(t.store.keyPath);

    auto opened = openOutboxKey(*t.store.db, t.store.keyPath);
    REQUIRE_FALSE(opened);
    CHECK(opened.error().code == ErrorCode::notFound);
    CHECK_THAT(opened.error().message, Catch::Contains("outbox.key") && Catch::Contains("1 sealed"));
    CHECK_FALSE(std::filesystem::exists(t.store.keyPath));
    CHECK(recordOf(t.outbox, id).state == "pending");
    CHECK(hasSealedPayload(*t.store.db, id));

    // A failed entry kept for a technician needs the key just as much.
    REQUIRE(t.outbox.markFailed(id, "validation_failed: x"));
    CHECK_FALSE(openOutboxKey(*t.store.db, t.store.keyPath));
    CHECK_FALSE(std::filesystem::exists(t.store.keyPath));
}

TEST_CASE("a missing key is made when no sealed entry needs it, and an existing key is loaded",
          "[outbox][key]") {
    Terminal t;
    const std::int64_t id = t.enqueue("key-done", "YM00012611290001");
    REQUIRE(t.outbox.markDelivered(id, "{}"));
    std::filesystem::remove(t.store.keyPath);
    REQUIRE(openOutboxKey(*t.store.db, t.store.keyPath));
    CHECK(std::filesystem::exists(t.store.keyPath));
    auto again = openOutboxKey(*t.store.db, t.store.keyPath);
    REQUIRE(again);
    auto sealed = again->seal("x", "k");
    REQUIRE(sealed);
    CHECK(*loadBox(t.store.keyPath).open(*sealed, "k") == "x");
}

TEST_CASE("the data folder is made 0700 and the database 0600; a loosened folder and file are tightened",
          "[database][modes]") {
    TempDir dir;
    const std::string folder = dir.file("data");
    const std::string path = folder + "/kiosk.db";
    {
        auto db = openDatabase(path);
        REQUIRE(db->execute("CREATE TABLE t (x)"));
        CHECK(modeOf(folder) == 0700);
        CHECK(modeOf(path) == 0600);
        CHECK(modeOf(path + "-wal") == 0600);
    }
    REQUIRE(::chmod(folder.c_str(), 0755) == 0);
    REQUIRE(::chmod(path.c_str(), 0644) == 0);
    auto db = openDatabase(path);
    CHECK(modeOf(folder) == 0700);
    CHECK(modeOf(path) == 0600);
}

TEST_CASE("a fresh store numbers the day's first receipt after the platform's last one",
          "[receipts][floor]") {
    Terminal t;
    t.book.useFloorsForFreshStore();
    const std::int64_t now = chinaTimeMs(2026, 11, 29, 9, 30);
    std::vector<std::string> asked;
    REQUIRE(t.book.learnFloor(now, [&](const std::string& day) -> Expected<int> {
        asked.push_back(day);
        return 41;
    }));
    REQUIRE(asked == std::vector<std::string>{"261129"});
    auto receipt = t.book.issue(application("k1"), plainPayload, now);
    REQUIRE(receipt);
    CHECK(receipt->receiptNo == "YM00012611290042");

    // No longer fresh: nothing more is asked, and a lower floor never lowers the counter.
    REQUIRE(t.book.learnFloor(now, [&](const std::string& day) -> Expected<int> {
        asked.push_back(day);
        return 0;
    }));
    CHECK(asked.size() == 1);
    REQUIRE(t.book.raiseFloor("YM0001261129", 3, now));
    CHECK(t.book.issue(application("k2"), plainPayload, now)->receiptNo == "YM00012611290043");
    REQUIRE(t.book.raiseFloor("YM0001261129", 100, now));
    CHECK(t.book.issue(application("k3"), plainPayload, now)->receiptNo == "YM00012611290101");
    CHECK(t.book.raiseFloor("YM0001", 1, now).error().code == ErrorCode::invalidInput);
}

TEST_CASE("a fresh store that could not ask the platform numbers the day from 5001", "[receipts][floor]") {
    Terminal t;
    t.book.useFloorsForFreshStore();
    const std::int64_t now = chinaTimeMs(2026, 11, 29, 9, 30);
    auto learnt = t.book.learnFloor(
        now, [](const std::string&) -> Expected<int> { return fail(ErrorCode::unavailable, "no network"); });
    REQUIRE_FALSE(learnt);
    CHECK(learnt.error().code == ErrorCode::unavailable);
    CHECK(t.book.issue(application("k1"), plainPayload, now)->receiptNo == "YM00012611295001");
    CHECK(t.book.issue(application("k2"), plainPayload, now)->receiptNo == "YM00012611295002");
    // The next day the store is not fresh: it numbers from 0001 as usual.
    CHECK(t.book.issue(application("k3"), plainPayload, chinaTimeMs(2026, 11, 30, 9, 0))->receiptNo ==
          "YM00012611300001");
}
