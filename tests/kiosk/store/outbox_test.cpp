// Tests of kiosk/store/outbox: the entry lifecycle, purging, corrupted entries and concurrent use.
#include "kiosk/store/outbox.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <mutex>
#include <optional>
#include <thread>

#include "kiosk/store/receipt_book.h"
#include "store_fixture.h"

using namespace yimen;
using namespace yimen::kiosk::store;
using namespace yimen::kiosk::store::test;
using network::OutboxKind;

namespace {

constexpr std::int64_t kNow = 1'800'000'000'000;

std::int64_t enqueueOrFail(Outbox& outbox, const std::string& key, const std::string& payload,
                           std::int64_t nowMs = kNow, OutboxKind kind = OutboxKind::application) {
    auto id = outbox.enqueue(kind, key, "YM00012611290001", payload, nowMs);
    REQUIRE(id);
    return *id;
}

std::vector<network::OutboxEntry> dueOrFail(Outbox& outbox, std::int64_t nowMs, int limit = 10) {
    auto entries = outbox.due(nowMs, limit, kHorizonMs);
    REQUIRE(entries);
    return *entries;
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

bool hasSealedPayload(Database& db, std::int64_t id) {
    bool has = false;
    REQUIRE(db.query("SELECT sealed_payload IS NOT NULL FROM outbox WHERE id = ?", {id},
                     [&](const Row& row) { has = row.integer(0) != 0; }));
    return has;
}

std::string responseOf(Database& db, std::int64_t id) {
    std::string response;
    REQUIRE(db.query("SELECT response_json FROM outbox WHERE id = ?", {id},
                     [&](const Row& row) { response = row.text(0); }));
    return response;
}

Receipt issueOrFail(ReceiptBook& book, const std::string& key) {
    auto receipt = book.issue(
        {key, "item-1", "城乡居民基本养老保险参保登记", "县人社局", "4501**********1234", 20},
        [](const std::string& no, const std::string&) { return "{\"receiptNo\":\"" + no + "\"}"; }, kNow);
    REQUIRE(receipt);
    return *receipt;
}

std::string deliveryOf(ReceiptBook& book, const std::string& receiptNo) {
    auto found = book.find(receiptNo);
    REQUIRE(found);
    REQUIRE(found->has_value());
    return (*found)->delivery;
}

}  // namespace

TEST_CASE("an enqueued entry is due at once with its payload, idempotency key and receipt number",
          "[outbox]") {
    StoreFixture store;
    Outbox outbox(*store.db, store.box);
    const auto id = enqueueOrFail(outbox, "key-1", "{\"name\":\"张三\"}");
    const auto due = dueOrFail(outbox, kNow);
    REQUIRE(due.size() == 1);
    CHECK(due[0].id == id);
    CHECK(due[0].kind == OutboxKind::application);
    CHECK(due[0].idempotencyKey == "key-1");
    CHECK(due[0].receiptNo == "YM00012611290001");
    CHECK(due[0].payloadJson == "{\"name\":\"张三\"}");
    CHECK(due[0].attempts == 0);
    CHECK(dueOrFail(outbox, kNow - 1).empty());
}

TEST_CASE("due entries come oldest first and no more than the limit", "[outbox]") {
    StoreFixture store;
    Outbox outbox(*store.db, store.box);
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 5; ++i)
        ids.push_back(enqueueOrFail(outbox, "key-" + std::to_string(i), "{}", kNow + i));
    const auto due = dueOrFail(outbox, kNow + 10, 3);
    REQUIRE(due.size() == 3);
    CHECK(due[0].id == ids[0]);
    CHECK(due[1].id == ids[1]);
    CHECK(due[2].id == ids[2]);
    CHECK(dueOrFail(outbox, kNow + 10, 0).empty());
    CHECK_FALSE(outbox.due(kNow, -1, kHorizonMs));
}

TEST_CASE("enqueuing the same idempotency key again returns the first entry and queues nothing new",
          "[outbox]") {
    StoreFixture store;
    Outbox outbox(*store.db, store.box);
    const auto first = enqueueOrFail(outbox, "key-1", "{\"first\":true}");
    const auto second = enqueueOrFail(outbox, "key-1", "{\"second\":true}");
    CHECK(first == second);
    const auto due = dueOrFail(outbox, kNow);
    REQUIRE(due.size() == 1);
    CHECK(due[0].payloadJson == "{\"first\":true}");

    auto rating = outbox.enqueue(OutboxKind::rating, "key-1", "", "{}", kNow);
    REQUIRE_FALSE(rating);
    CHECK(rating.error().code == ErrorCode::conflict);
    CHECK_FALSE(outbox.enqueue(OutboxKind::rating, "", "", "{}", kNow));
}

TEST_CASE("an entry scheduled for retry is not due until its time and counts the attempt", "[outbox]") {
    StoreFixture store;
    Outbox outbox(*store.db, store.box);
    const auto id = enqueueOrFail(outbox, "key-1", "{}");
    REQUIRE(outbox.markRetry(id, kNow + 30'000, "connect: refused"));
    CHECK(dueOrFail(outbox, kNow).empty());
    CHECK(dueOrFail(outbox, kNow + 29'999).empty());
    const auto due = dueOrFail(outbox, kNow + 30'000);
    REQUIRE(due.size() == 1);
    CHECK(due[0].attempts == 1);
    const auto record = recordOf(outbox, id);
    CHECK(record.state == "pending");
    CHECK(record.nextAttemptMs == kNow + 30'000);
    CHECK(record.lastError == "connect: refused");
}

TEST_CASE("a delivered entry loses its payload, keeps the response, and its receipt shows delivered",
          "[outbox]") {
    StoreFixture store;
    Outbox outbox(*store.db, store.box);
    ReceiptBook book(*store.db, outbox, 1);
    const auto receipt = issueOrFail(book, "key-1");
    const auto due = dueOrFail(outbox, kNow);
    REQUIRE(due.size() == 1);
    CHECK(deliveryOf(book, receipt.receiptNo) == "queued");

    REQUIRE(outbox.markDelivered(due[0].id, "{\"status\":\"accepted\"}"));
    CHECK_FALSE(hasSealedPayload(*store.db, due[0].id));
    CHECK(responseOf(*store.db, due[0].id) == "{\"status\":\"accepted\"}");
    CHECK(recordOf(outbox, due[0].id).state == "delivered");
    CHECK(deliveryOf(book, receipt.receiptNo) == "delivered");
    CHECK(dueOrFail(outbox, kNow + 1'000'000).empty());

    // Acknowledged twice (a reply that arrived after a retry): still delivered, nothing else changes.
    CHECK(outbox.markDelivered(due[0].id, "{\"status\":\"accepted\"}"));
    auto retry = outbox.markRetry(due[0].id, kNow, "late");
    REQUIRE_FALSE(retry);
    CHECK(retry.error().code == ErrorCode::conflict);
    auto requeue = outbox.retryNow(due[0].id, kNow);
    REQUIRE_FALSE(requeue);
    CHECK(requeue.error().code == ErrorCode::conflict);
}

TEST_CASE("a delivered rating leaves the receipt of the same number alone", "[outbox]") {
    StoreFixture store;
    Outbox outbox(*store.db, store.box);
    ReceiptBook book(*store.db, outbox, 1);
    const auto receipt = issueOrFail(book, "key-1");
    auto rating = outbox.enqueue(OutboxKind::rating, "rating-1", receipt.receiptNo, "{\"stars\":5}", kNow);
    REQUIRE(rating);
    REQUIRE(outbox.markDelivered(*rating, "{}"));
    CHECK(deliveryOf(book, receipt.receiptNo) == "queued");
}

TEST_CASE("a failed entry is kept with its message, is never due again, and retry now brings it back",
          "[outbox]") {
    StoreFixture store;
    Outbox outbox(*store.db, store.box);
    ReceiptBook book(*store.db, outbox, 1);
    const auto receipt = issueOrFail(book, "key-1");
    const auto id = dueOrFail(outbox, kNow).at(0).id;

    REQUIRE(outbox.markFailed(id, "E_ITEM_CLOSED: 该事项已停办"));
    auto record = recordOf(outbox, id);
    CHECK(record.state == "failed");
    CHECK(record.lastError == "E_ITEM_CLOSED: 该事项已停办");
    CHECK(record.attempts == 1);
    CHECK(hasSealedPayload(*store.db, id));
    CHECK(deliveryOf(book, receipt.receiptNo) == "failed");
    CHECK(dueOrFail(outbox, kNow + 365LL * 24 * 3600 * 1000).empty());

    REQUIRE(outbox.retryNow(id, kNow + 5000));
    CHECK(recordOf(outbox, id).state == "pending");
    CHECK(deliveryOf(book, receipt.receiptNo) == "queued");
    CHECK(dueOrFail(outbox, kNow + 4999).empty());
    const auto due = dueOrFail(outbox, kNow + 5000);
    REQUIRE(due.size() == 1);
    CHECK(due[0].payloadJson == "{\"receiptNo\":\"" + receipt.receiptNo + "\"}");
}

TEST_CASE("a corrupted sealed payload is marked failed and not handed out, the others still are",
          "[outbox]") {
    StoreFixture store;
    Outbox outbox(*store.db, store.box);
    const auto bad = enqueueOrFail(outbox, "key-bad", "{\"name\":\"张三\"}");
    const auto good = enqueueOrFail(outbox, "key-good", "{}");
    REQUIRE(store.db->execute(
        "UPDATE outbox SET sealed_payload = substr(sealed_payload, 1, length(sealed_payload) - 1) || x'00' "
        "WHERE id = ?",
        {bad}));

    const auto due = dueOrFail(outbox, kNow, 1);
    REQUIRE(due.size() == 1);
    CHECK(due[0].id == good);
    const auto record = recordOf(outbox, bad);
    CHECK(record.state == "failed");
    CHECK_THAT(record.lastError, Catch::Contains("cannot be delivered") && Catch::Contains("authentication"));
    CHECK(record.attempts == 0);
}

TEST_CASE("an entry sealed under another key is marked failed, not handed out", "[outbox]") {
    StoreFixture store;
    const auto otherBox = loadBox(store.dir.file("other.key"));
    Outbox written(*store.db, otherBox);
    const auto id = enqueueOrFail(written, "key-1", "{}");
    Outbox outbox(*store.db, store.box);
    CHECK(dueOrFail(outbox, kNow).empty());
    CHECK(recordOf(outbox, id).state == "failed");
    auto summary = outbox.summary();
    REQUIRE(summary);
    CHECK(summary->failed == 1);
}

TEST_CASE("marking an entry that does not exist is reported as not found", "[outbox]") {
    StoreFixture store;
    Outbox outbox(*store.db, store.box);
    for (const auto& status : {outbox.markDelivered(42, "{}"), outbox.markRetry(42, kNow, "x"),
                               outbox.markFailed(42, "x"), outbox.retryNow(42, kNow)}) {
        REQUIRE_FALSE(status);
        CHECK(status.error().code == ErrorCode::notFound);
    }
}

TEST_CASE("every operation in every state either moves the entry as documented or is refused", "[outbox]") {
    enum class Op { delivered, retry, failed, retryNow };
    struct Case {
        const char* start;
        Op op;
        std::optional<ErrorCode> error;  // nullopt: the operation succeeds
        const char* end;
    };
    const Case cases[] = {
        {"pending", Op::delivered, std::nullopt, "delivered"},
        {"pending", Op::retry, std::nullopt, "pending"},
        {"pending", Op::failed, std::nullopt, "failed"},
        {"pending", Op::retryNow, std::nullopt, "pending"},
        {"failed", Op::delivered, std::nullopt, "delivered"},
        {"failed", Op::retry, ErrorCode::conflict, "failed"},
        {"failed", Op::failed, std::nullopt, "failed"},
        {"failed", Op::retryNow, std::nullopt, "pending"},
        {"delivered", Op::delivered, std::nullopt, "delivered"},
        {"delivered", Op::retry, ErrorCode::conflict, "delivered"},
        {"delivered", Op::failed, ErrorCode::conflict, "delivered"},
        {"delivered", Op::retryNow, ErrorCode::conflict, "delivered"},
    };
    StoreFixture store;
    Outbox outbox(*store.db, store.box);
    int n = 0;
    for (const Case& c : cases) {
        const auto id = enqueueOrFail(outbox, "key-" + std::to_string(n++), "{}");
        if (std::string(c.start) == "failed")
            REQUIRE(outbox.markFailed(id, "rejected"));
        if (std::string(c.start) == "delivered")
            REQUIRE(outbox.markDelivered(id, "{}"));
        Status result;
        switch (c.op) {
        case Op::delivered: result = outbox.markDelivered(id, "{}"); break;
        case Op::retry: result = outbox.markRetry(id, kNow + 1, "timeout"); break;
        case Op::failed: result = outbox.markFailed(id, "rejected again"); break;
        case Op::retryNow: result = outbox.retryNow(id, kNow); break;
        }
        INFO("from " << c.start << ", operation " << static_cast<int>(c.op));
        CHECK(result.hasValue() == !c.error.has_value());
        if (c.error && !result)
            CHECK(result.error().code == *c.error);
        CHECK(recordOf(outbox, id).state == c.end);
    }
}

TEST_CASE("ID numbers in error messages and responses are stored masked", "[outbox]") {
    StoreFixture store;
    Outbox outbox(*store.db, store.box);
    const auto retried = enqueueOrFail(outbox, "key-1", "{}");
    REQUIRE(outbox.markRetry(retried, kNow, "duplicate applicant 450102199001011234"));
    CHECK(recordOf(outbox, retried).lastError == "duplicate applicant 4501**********1234");
    const auto delivered = enqueueOrFail(outbox, "key-2", "{}");
    REQUIRE(outbox.markDelivered(delivered, "{\"applicant\":\"450102199001011234\"}"));
    CHECK(responseOf(*store.db, delivered) == "{\"applicant\":\"4501**********1234\"}");
}

TEST_CASE("the technician view counts entries by state and lists them newest first", "[outbox]") {
    StoreFixture store;
    Outbox outbox(*store.db, store.box);
    const auto a = enqueueOrFail(outbox, "a", "{}", kNow);
    const auto b = enqueueOrFail(outbox, "b", "{}", kNow + 1);
    const auto c = enqueueOrFail(outbox, "c", "{}", kNow + 2, OutboxKind::rating);
    enqueueOrFail(outbox, "d", "{}", kNow + 3);
    REQUIRE(outbox.markDelivered(a, "{}"));
    REQUIRE(outbox.markFailed(b, "rejected"));

    auto summary = outbox.summary();
    REQUIRE(summary);
    CHECK(summary->pending == 2);
    CHECK(summary->failed == 1);
    CHECK(summary->delivered == 1);

    auto records = outbox.list(3);
    REQUIRE(records);
    REQUIRE(records->size() == 3);
    CHECK((*records)[0].createdMs == kNow + 3);
    CHECK((*records)[1].id == c);
    CHECK((*records)[1].kind == OutboxKind::rating);
    CHECK((*records)[2].id == b);
    CHECK((*records)[2].state == "failed");
    CHECK((*records)[2].lastError == "rejected");
    CHECK_FALSE(outbox.list(-1));
}

TEST_CASE("pending entries survive closing and reopening the store", "[outbox]") {
    StoreFixture store;
    {
        Outbox outbox(*store.db, store.box);
        const auto id = enqueueOrFail(outbox, "key-1", "{\"name\":\"张三\"}");
        REQUIRE(outbox.markRetry(id, kNow + 10, "timeout"));
    }
    store.reopen();
    const auto box = loadBox(store.keyPath);
    Outbox outbox(*store.db, box);
    const auto due = dueOrFail(outbox, kNow + 10);
    REQUIRE(due.size() == 1);
    CHECK(due[0].payloadJson == "{\"name\":\"张三\"}");
    CHECK(due[0].attempts == 1);
}

TEST_CASE("one thread enqueuing while another delivers loses and duplicates nothing", "[outbox]") {
    StoreFixture store;
    Outbox outbox(*store.db, store.box);
    constexpr int kEntries = 100;
    std::atomic<bool> enqueuerDone{false};
    std::vector<std::string> errors;
    std::mutex errorsMutex;
    auto record = [&](const Error& e) {
        std::lock_guard lock(errorsMutex);
        errors.push_back(e.describe());
    };

    std::thread enqueuer([&] {
        for (int i = 0; i < kEntries; ++i) {
            auto id = outbox.enqueue(OutboxKind::application, "key-" + std::to_string(i), "", "{}", kNow);
            if (!id)
                record(id.error());
        }
        enqueuerDone = true;
    });
    int delivered = 0;
    std::thread deliverer([&] {
        // Delivers every other entry at first sight and retries the rest once, so all three
        // write paths run while the other thread inserts.
        for (;;) {
            const bool finalRound = enqueuerDone.load();
            auto due = outbox.due(kNow, 20, kHorizonMs);
            if (!due) {
                record(due.error());
                return;
            }
            for (const auto& entry : *due) {
                if (entry.attempts == 0 && entry.id % 2 == 0) {
                    if (auto s = outbox.markRetry(entry.id, kNow, "again"); !s)
                        record(s.error());
                } else if (auto s = outbox.markDelivered(entry.id, "{}"); !s) {
                    record(s.error());
                } else {
                    ++delivered;
                }
            }
            if (finalRound && due->empty())
                return;
        }
    });
    enqueuer.join();
    deliverer.join();

    INFO((errors.empty() ? std::string() : errors.front()));
    CHECK(errors.empty());
    CHECK(delivered == kEntries);
    auto summary = outbox.summary();
    REQUIRE(summary);
    CHECK(summary->delivered == kEntries);
    CHECK(summary->pending == 0);
    CHECK(summary->failed == 0);
}
