// The storage-fault harness: a full or failing disk on the Nth write or sync while a receipt is issued, a
// corrupt database and a missing key. A receipt is either fully stored and returned, or an error is
// returned and nothing of it is stored; a broken store is refused with a clear error and its files are
// kept for a technician.
#include <catch2/catch.hpp>
#include <filesystem>
#include <iostream>

#include "fault_vfs.h"
#include "kiosk/store/outbox.h"
#include "kiosk/store/outbox_key.h"
#include "kiosk/store/receipt_book.h"
#include "store_fixture.h"

using namespace yimen;
using namespace yimen::kiosk::store;
using namespace yimen::kiosk::store::test;

namespace {

NewApplication application(const std::string& key) {
    return {key, "item-37", "城乡居民基本养老保险参保登记", "县人力资源和社会保障局", "4501**********1234",
            20};
}

std::string payload(const std::string& receiptNo, const std::string& queryCode) {
    return "{\"receiptNo\":\"" + receiptNo + "\",\"queryCode\":\"" + queryCode +
           "\",\"applicant\":{\"name\":\"韦秀英\"}}";
}

// What the store holds of one idempotency key after a reopen.
struct Stored {
    int receipts = 0;
    int entries = 0;
    int sealedEntries = 0;
    std::int64_t counter = 0;
};

Stored storedFor(Database& db, const std::string& key, const std::string& prefix) {
    Stored s;
    REQUIRE(db.query("SELECT COUNT(*) FROM receipts WHERE idempotency_key = ?", {key},
                     [&](const Row& row) { s.receipts = static_cast<int>(row.integer(0)); }));
    REQUIRE(db.query("SELECT COUNT(*), SUM(sealed_payload IS NOT NULL) FROM outbox WHERE idempotency_key = ?",
                     {key}, [&](const Row& row) {
                         s.entries = static_cast<int>(row.integer(0));
                         s.sealedEntries = static_cast<int>(row.integer(1));
                     }));
    REQUIRE(db.query("SELECT last_seq FROM receipt_counters WHERE prefix = ?", {prefix},
                     [&](const Row& row) { s.counter = row.integer(0); }));
    return s;
}

const char* name(FaultOp op) {
    return op == FaultOp::write ? "write" : "sync";
}
const char* name(FaultKind kind) {
    return kind == FaultKind::diskFull ? "ENOSPC" : "EIO";
}

}  // namespace

TEST_CASE("a full or failing disk during issue never leaves a half-issued receipt", "[storage][harness]") {
    useChinaTime();
    const std::int64_t now = chinaTimeMs(2026, 11, 29, 9, 30);
    const std::string prefix = "YM0001261129";
    FaultVfs vfs;
    int cases = 0, refused = 0, issued = 0;

    for (const FaultOp op : {FaultOp::write, FaultOp::sync}) {
        for (const FaultKind kind : {FaultKind::diskFull, FaultKind::ioError}) {
            for (int nth = 1; nth <= 200; ++nth) {
                INFO(name(kind) << " on " << name(op) << " #" << nth);
                TempDir dir;
                const std::string dbPath = dir.file("kiosk.db");
                const std::string keyPath = dir.file("outbox.key");
                Expected<Receipt> result = Error{};
                bool fired = false;
                {
                    auto db = openDatabase(dbPath);
                    SealedBox box = loadBox(keyPath);
                    Outbox outbox(*db, box);
                    ReceiptBook book(*db, outbox, 1);
                    REQUIRE(book.issue(application("key-before"), payload, now));
                    vfs.arm(op, kind, nth);
                    result = book.issue(application("key-faulted"), payload, now);
                    fired = vfs.fired();
                    vfs.disarm();
                }
                if (!fired) {
                    REQUIRE(result);  // issue needs fewer operations than nth: every point was covered
                    break;
                }
                ++cases;
                // The files stay where they were, and the store opens again on a working disk.
                REQUIRE(std::filesystem::exists(dbPath));
                REQUIRE(std::filesystem::exists(keyPath));
                auto db = openDatabase(dbPath);
                const Stored stored = storedFor(*db, "key-faulted", prefix);
                if (result) {
                    ++issued;
                    CHECK(stored.receipts == 1);
                    CHECK(stored.sealedEntries == 1);
                    CHECK(stored.counter == 2);
                } else {
                    ++refused;
                    CHECK_FALSE(result.error().message.empty());
                    CHECK(result.error().code == ErrorCode::database);
                    CHECK(stored.receipts == 0);
                    CHECK(stored.entries == 0);
                    CHECK(stored.counter == 1);
                }
                // The store goes on: the next receipt follows the last one stored.
                SealedBox box = loadBox(keyPath);
                Outbox outbox(*db, box);
                ReceiptBook book(*db, outbox, 1);
                auto next = book.issue(application("key-after"), payload, now);
                REQUIRE(next);
                CHECK(next->receiptNo == prefix + (result ? "0003" : "0002"));
            }
        }
    }
    std::cout << "storage faults: " << cases << " cases of ENOSPC/EIO on the Nth write or sync during issue ("
              << issued << " issued after the fault, " << refused << " refused with nothing stored)\n";
    CHECK(cases > 8);
}

TEST_CASE("a corrupt database is refused with a clear error and left as it is", "[storage][harness]") {
    int cases = 0;
    for (const std::size_t offset : {std::size_t{0}, std::size_t{100}, std::size_t{4096}}) {
        INFO("garbage at byte " << offset);
        TempDir dir;
        const std::string dbPath = dir.file("kiosk.db");
        {
            auto db = openDatabase(dbPath);
            REQUIRE(db->checkpoint());
        }
        std::string bytes = readBytes(dbPath);
        REQUIRE(bytes.size() > offset + 64);
        for (std::size_t i = 0; i < 64; ++i) bytes[offset + i] = static_cast<char>(0xA5 ^ i);
        writeBytes(dbPath, bytes);

        auto opened = openKioskDatabase(dbPath);
        ++cases;
        REQUIRE_FALSE(opened);
        CHECK(opened.error().code == ErrorCode::database);
        CHECK_THAT(opened.error().message, Catch::Contains("kiosk.db"));
        CHECK(readBytes(dbPath) == bytes);
    }
    std::cout << "storage faults: " << cases << " corrupt-database cases\n";
}

TEST_CASE("a missing key under sealed entries is refused and nothing is created or removed",
          "[storage][harness]") {
    TempDir dir;
    const std::string dbPath = dir.file("kiosk.db");
    const std::string keyPath = dir.file("outbox.key");
    {
        auto db = openDatabase(dbPath);
        SealedBox box = loadBox(keyPath);
        Outbox outbox(*db, box);
        ReceiptBook book(*db, outbox, 1);
        REQUIRE(book.issue(application("key-1"), payload, 1'800'000'000'000));
        REQUIRE(db->checkpoint());
    }
    const std::string before = readBytes(dbPath);
    std::filesystem::remove(keyPath);
    auto db = openDatabase(dbPath);
    auto key = openOutboxKey(*db, keyPath);
    REQUIRE_FALSE(key);
    CHECK(key.error().code == ErrorCode::notFound);
    CHECK_FALSE(std::filesystem::exists(keyPath));
    db.reset();
    CHECK(readBytes(dbPath) == before);
    std::cout << "storage faults: 1 missing-key case\n";
}
