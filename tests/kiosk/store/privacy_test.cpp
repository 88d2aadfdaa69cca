// The store's privacy promise, checked on the raw bytes of the database file and its WAL.
#include <catch2/catch.hpp>

#include "common/id_number.h"
#include "kiosk/store/outbox.h"
#include "kiosk/store/receipt_book.h"
#include "store_fixture.h"

using namespace yimen;
using namespace yimen::kiosk::store;
using namespace yimen::kiosk::store::test;

namespace {

const std::string kIdNumber = "450102199001011234";
const std::string kName = "张三";

// The database file and its WAL as they are on disk right now.
std::string filesOnDisk(const StoreFixture& store) {
    return readBytes(store.dbPath) + readBytes(store.dbPath + "-wal");
}

std::vector<std::uint8_t> sealedPayloadOf(Database& db, std::int64_t id) {
    std::vector<std::uint8_t> blob;
    REQUIRE(db.query("SELECT sealed_payload FROM outbox WHERE id = ?", {id},
                     [&](const Row& row) { blob = row.blob(0); }));
    return blob;
}

}  // namespace

TEST_CASE("the clear ID number and name never reach the database file or its WAL, before or after delivery",
          "[privacy]") {
    useChinaTime();
    StoreFixture store;
    Outbox outbox(*store.db, store.box);
    ReceiptBook book(*store.db, outbox, 1);
    // A large photo field pushes the payload onto overflow pages, which are freed differently.
    const std::string photo(20000, 'P');
    auto receipt = book.issue(
        {"k1", "item-37", "城乡居民基本养老保险参保登记", "县人社局", maskIdNumber(kIdNumber), 20},
        [&](const std::string& no, const std::string& code) {
            return "{\"receiptNo\":\"" + no + "\",\"queryCode\":\"" + code + "\",\"name\":\"" + kName +
                   "\",\"idNumber\":\"" + kIdNumber + "\",\"photo\":\"" + photo + "\"}";
        },
        chinaTimeMs(2026, 11, 29, 9, 30));
    REQUIRE(receipt);

    std::string disk = filesOnDisk(store);
    // The receipt itself is on disk (so the search reads the real data), with the masked number only.
    REQUIRE(disk.find(receipt->receiptNo) != std::string::npos);
    REQUIRE(disk.find("4501**********1234") != std::string::npos);
    CHECK(disk.find(kIdNumber) == std::string::npos);
    CHECK(disk.find(kName) == std::string::npos);

    auto due = outbox.due(chinaTimeMs(2026, 11, 29, 9, 30), 1, kHorizonMs);
    REQUIRE(due);
    REQUIRE(due->size() == 1);
    const auto sealed = sealedPayloadOf(*store.db, due->front().id);
    REQUIRE(sealed.size() > photo.size());
    // A slice from the middle of the ciphertext stands for the sealed payload.
    const std::string sealedSlice(sealed.begin() + 1000, sealed.begin() + 1064);
    CHECK(disk.find(sealedSlice) != std::string::npos);

    REQUIRE(outbox.markDelivered(due->front().id, "{\"status\":\"accepted\"}"));
    disk = filesOnDisk(store);
    CHECK(disk.find(kIdNumber) == std::string::npos);
    CHECK(disk.find(kName) == std::string::npos);
    CHECK(disk.find(sealedSlice) == std::string::npos);
    CHECK(readBytes(store.dbPath + "-wal").empty());
    CHECK(disk.find(receipt->receiptNo) != std::string::npos);

    store.db.reset();
    disk = filesOnDisk(store);
    CHECK(disk.find(kIdNumber) == std::string::npos);
    CHECK(disk.find(kName) == std::string::npos);
    CHECK(disk.find(sealedSlice) == std::string::npos);
}

TEST_CASE("a purged payload whose pages were checkpointed before delivery is gone from the file too",
          "[privacy]") {
    StoreFixture store;
    Outbox outbox(*store.db, store.box);
    auto id = outbox.enqueue(network::OutboxKind::application, "k1", "YM00012611290001",
                             "{\"name\":\"" + kName + "\",\"photo\":\"" + std::string(20000, 'P') + "\"}", 1);
    REQUIRE(id);
    const auto sealed = sealedPayloadOf(*store.db, *id);
    const std::string sealedSlice(sealed.begin() + 1000, sealed.begin() + 1064);
    // Move everything into the main file first, as SQLite's automatic checkpoint would have.
    REQUIRE(store.db->checkpoint());
    REQUIRE(readBytes(store.dbPath).find(sealedSlice) != std::string::npos);

    REQUIRE(outbox.markDelivered(*id, "{}"));
    CHECK(filesOnDisk(store).find(sealedSlice) == std::string::npos);
}
