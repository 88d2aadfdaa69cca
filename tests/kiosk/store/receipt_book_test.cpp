// Tests of kiosk/store/receipt_book: numbering, query codes, idempotent issuing, atomicity.
#include "kiosk/store/receipt_book.h"

#include <catch2/catch.hpp>
#include <set>
#include <stdexcept>

#include "store_fixture.h"

using namespace yimen;
using namespace yimen::kiosk::store;
using namespace yimen::kiosk::store::test;

namespace {

// `size` characters, every one of them a digit.
bool isDigits(const std::string& text, std::size_t size) {
    return text.size() == size && text.find_first_not_of("0123456789") == std::string::npos;
}

NewApplication application(const std::string& key) {
    return {key, "item-37", "城乡居民基本养老保险参保登记", "县人力资源和社会保障局", "4501**********1234",
            20};
}

std::string plainPayload(const std::string& receiptNo, const std::string& queryCode) {
    return "{\"receiptNo\":\"" + receiptNo + "\",\"queryCode\":\"" + queryCode + "\"}";
}

struct Terminal {
    StoreFixture store;
    Outbox outbox{*store.db, store.box};
    ReceiptBook book{*store.db, outbox, 1};

    Terminal() { useChinaTime(); }

    Receipt issue(const std::string& key, std::int64_t nowMs) {
        auto receipt = book.issue(application(key), plainPayload, nowMs);
        REQUIRE(receipt);
        return *receipt;
    }
    int outboxEntries() {
        auto summary = outbox.summary();
        REQUIRE(summary);
        return summary->pending + summary->failed + summary->delivered;
    }
};

}  // namespace

TEST_CASE("receipt numbers are YM, the terminal, the local date and a 4-digit daily sequence",
          "[receipt_book]") {
    Terminal t;
    const auto first = t.issue("k1", chinaTimeMs(2026, 11, 29, 9, 30));
    const auto second = t.issue("k2", chinaTimeMs(2026, 11, 29, 16, 5));
    CHECK(first.receiptNo == "YM00012611290001");
    CHECK(second.receiptNo == "YM00012611290002");
    CHECK((first.receiptNo.substr(0, 2) == "YM" && isDigits(first.receiptNo.substr(2), 14)));
}

TEST_CASE("the sequence starts again at 0001 on the next local day", "[receipt_book]") {
    Terminal t;
    // 23:59 and 00:01 local time are 15:59 and 16:01 UTC of the same UTC day.
    CHECK(t.issue("k1", chinaTimeMs(2026, 11, 29, 23, 58)).receiptNo == "YM00012611290001");
    CHECK(t.issue("k2", chinaTimeMs(2026, 11, 29, 23, 59)).receiptNo == "YM00012611290002");
    CHECK(t.issue("k3", chinaTimeMs(2026, 11, 30, 0, 1)).receiptNo == "YM00012611300001");
    CHECK(t.issue("k4", chinaTimeMs(2026, 12, 1, 8, 0)).receiptNo == "YM00012612010001");
}

TEST_CASE("a terminal given a fixed UTC offset numbers by that offset's day, whatever the system zone",
          "[receipt_book]") {
    Terminal t;
    ::setenv("TZ", "UTC0", 1);
    ::tzset();
    ReceiptBook book(*t.store.db, t.outbox, 1, 8 * 60);
    // 00:30 in UTC+8 is still the previous day in UTC.
    auto receipt = book.issue(application("k1"), plainPayload, chinaTimeMs(2026, 11, 30, 0, 30));
    useChinaTime();
    REQUIRE(receipt);
    CHECK(receipt->receiptNo == "YM00012611300001");

    auto western = receiptPrefix(1, chinaTimeMs(2026, 11, 30, 0, 30), -5 * 60);
    REQUIRE(western);
    CHECK(*western == "YM0001261129");
    CHECK_FALSE(receiptPrefix(1, 0, 19 * 60));
}

TEST_CASE("the terminal number is part of every receipt number", "[receipt_book]") {
    Terminal t;
    ReceiptBook other(*t.store.db, t.outbox, 9999);
    auto receipt = other.issue(application("k1"), plainPayload, chinaTimeMs(2026, 1, 2, 10, 0));
    REQUIRE(receipt);
    CHECK(receipt->receiptNo == "YM99992601020001");
    CHECK(t.issue("k2", chinaTimeMs(2026, 1, 2, 10, 0)).receiptNo == "YM00012601020001");
}

TEST_CASE("a terminal number outside 1..9999 is refused", "[receipt_book]") {
    Terminal t;
    for (int terminal : {0, -1, 10000}) {
        ReceiptBook book(*t.store.db, t.outbox, terminal);
        auto receipt = book.issue(application("k1"), plainPayload, chinaTimeMs(2026, 1, 2, 10, 0));
        REQUIRE_FALSE(receipt);
        CHECK(receipt.error().code == ErrorCode::invalidInput);
    }
    CHECK(t.outboxEntries() == 0);
}

TEST_CASE("a receipt keeps what the citizen sees and starts queued", "[receipt_book]") {
    Terminal t;
    const auto now = chinaTimeMs(2026, 11, 29, 9, 30);
    const auto receipt = t.issue("k1", now);
    CHECK(receipt.itemId == "item-37");
    CHECK(receipt.itemName == "城乡居民基本养老保险参保登记");
    CHECK(receipt.department == "县人力资源和社会保障局");
    CHECK(receipt.maskedIdNumber == "4501**********1234");
    CHECK(receipt.timeLimitDays == 20);
    CHECK(receipt.createdMs == now);
    CHECK(receipt.delivery == "queued");

    auto found = t.book.find(receipt.receiptNo);
    REQUIRE(found);
    REQUIRE(found->has_value());
    CHECK((*found)->queryCode == receipt.queryCode);
    CHECK((*found)->itemName == receipt.itemName);
    CHECK((*found)->createdMs == now);

    auto missing = t.book.find("YM00012611299999");
    REQUIRE(missing);
    CHECK_FALSE(missing->has_value());
}

TEST_CASE("the payload is built with the receipt's own number and query code and queued sealed",
          "[receipt_book]") {
    Terminal t;
    std::string seenNo, seenCode;
    auto receipt = t.book.issue(
        application("k1"),
        [&](const std::string& no, const std::string& code) {
            seenNo = no;
            seenCode = code;
            return plainPayload(no, code);
        },
        chinaTimeMs(2026, 11, 29, 9, 30));
    REQUIRE(receipt);
    CHECK(seenNo == receipt->receiptNo);
    CHECK(seenCode == receipt->queryCode);

    auto due = t.outbox.due(chinaTimeMs(2026, 11, 29, 9, 30), 10, kHorizonMs);
    REQUIRE(due);
    REQUIRE(due->size() == 1);
    CHECK((*due)[0].kind == network::OutboxKind::application);
    CHECK((*due)[0].idempotencyKey == "k1");
    CHECK((*due)[0].receiptNo == receipt->receiptNo);
    CHECK((*due)[0].payloadJson == plainPayload(receipt->receiptNo, receipt->queryCode));
}

TEST_CASE("issuing the same idempotency key again returns the same receipt and queues nothing new",
          "[receipt_book]") {
    Terminal t;
    const auto first = t.issue("k1", chinaTimeMs(2026, 11, 29, 9, 30));
    bool builderCalled = false;
    auto again = t.book.issue(
        application("k1"),
        [&](const std::string& no, const std::string& code) {
            builderCalled = true;
            return plainPayload(no, code);
        },
        chinaTimeMs(2026, 11, 30, 9, 31));
    REQUIRE(again);
    CHECK_FALSE(builderCalled);
    CHECK(again->receiptNo == first.receiptNo);
    CHECK(again->queryCode == first.queryCode);
    CHECK(again->createdMs == first.createdMs);
    CHECK(t.outboxEntries() == 1);
    // The retry used no number: the next application of that day is 0002.
    CHECK(t.issue("k2", chinaTimeMs(2026, 11, 29, 10, 0)).receiptNo == "YM00012611290002");
}

TEST_CASE("query codes are six digits drawn evenly, leading zeros included", "[receipt_book]") {
    std::set<char> firstDigits;
    std::set<std::string> codes;
    for (int i = 0; i < 2000; ++i) {
        auto code = randomQueryCode();
        REQUIRE(code);
        REQUIRE(isDigits(*code, 6));
        firstDigits.insert(code->front());
        codes.insert(*code);
    }
    CHECK(firstDigits.size() == 10);
    CHECK(codes.size() > 1900);

    Terminal t;
    CHECK(isDigits(t.issue("k1", chinaTimeMs(2026, 11, 29, 9, 30)).queryCode, 6));
}

TEST_CASE("a payload builder that throws leaves no receipt, no outbox entry and no used number",
          "[receipt_book]") {
    Terminal t;
    const auto now = chinaTimeMs(2026, 11, 29, 9, 30);
    std::string attemptedNo;
    auto receipt = t.book.issue(
        application("k1"),
        [&](const std::string& no, const std::string&) -> std::string {
            attemptedNo = no;
            throw std::runtime_error("answers do not serialise");
        },
        now);
    REQUIRE_FALSE(receipt);
    CHECK(receipt.error().code == ErrorCode::internal);
    auto found = t.book.find(attemptedNo);
    REQUIRE(found);
    CHECK_FALSE(found->has_value());
    CHECK(t.outboxEntries() == 0);
    CHECK(t.issue("k1", now).receiptNo == attemptedNo);
}

TEST_CASE("an application with a full ID number or without a key or item is refused", "[receipt_book]") {
    Terminal t;
    const auto now = chinaTimeMs(2026, 11, 29, 9, 30);
    auto unmasked = application("k1");
    unmasked.maskedIdNumber = "450102199001011234";
    auto noKey = application("");
    auto noItem = application("k2");
    noItem.itemId.clear();
    auto negative = application("k3");
    negative.timeLimitDays = -1;
    for (const auto& app : {unmasked, noKey, noItem, negative}) {
        auto receipt = t.book.issue(app, plainPayload, now);
        REQUIRE_FALSE(receipt);
        CHECK(receipt.error().code == ErrorCode::invalidInput);
    }
    auto empty = t.book.issue(
        application("k4"), [](const std::string&, const std::string&) { return std::string(); }, now);
    REQUIRE_FALSE(empty);
    CHECK(t.outboxEntries() == 0);
}

TEST_CASE("after 9999 receipts in a day the next one is refused, and the next day starts again",
          "[receipt_book]") {
    Terminal t;
    REQUIRE(
        t.store.db->execute("INSERT INTO receipt_counters (prefix, last_seq) VALUES ('YM0001261129', 9998)"));
    CHECK(t.issue("k1", chinaTimeMs(2026, 11, 29, 9, 0)).receiptNo == "YM00012611299999");
    auto full = t.book.issue(application("k2"), plainPayload, chinaTimeMs(2026, 11, 29, 9, 1));
    REQUIRE_FALSE(full);
    CHECK(full.error().code == ErrorCode::conflict);
    CHECK(t.issue("k2", chinaTimeMs(2026, 11, 30, 9, 0)).receiptNo == "YM00012611300001");
}

TEST_CASE("an idempotency key already used by a rating is not issued as an application", "[receipt_book]") {
    Terminal t;
    REQUIRE(t.outbox.enqueue(network::OutboxKind::rating, "k1", "", "{}", 0));
    auto receipt = t.book.issue(application("k1"), plainPayload, chinaTimeMs(2026, 11, 29, 9, 0));
    REQUIRE_FALSE(receipt);
    CHECK(receipt.error().code == ErrorCode::conflict);
}

TEST_CASE("receipts and their numbering survive closing and reopening the store", "[receipt_book]") {
    useChinaTime();
    StoreFixture store;
    Receipt first;
    {
        Outbox outbox(*store.db, store.box);
        ReceiptBook book(*store.db, outbox, 1);
        auto issued = book.issue(application("k1"), plainPayload, chinaTimeMs(2026, 11, 29, 9, 0));
        REQUIRE(issued);
        first = *issued;
    }
    store.reopen();
    Outbox outbox(*store.db, store.box);
    ReceiptBook book(*store.db, outbox, 1);
    auto found = book.find(first.receiptNo);
    REQUIRE(found);
    REQUIRE(found->has_value());
    CHECK((*found)->queryCode == first.queryCode);
    auto next = book.issue(application("k2"), plainPayload, chinaTimeMs(2026, 11, 29, 10, 0));
    REQUIRE(next);
    CHECK(next->receiptNo == "YM00012611290002");
}
