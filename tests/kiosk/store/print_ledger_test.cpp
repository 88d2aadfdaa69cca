// Tests for kiosk/store/print_ledger: a receipt's stages only move forward, and survive a restart.
#include "kiosk/store/print_ledger.h"

#include <catch2/catch.hpp>

#include "store_fixture.h"

using namespace yimen;
using namespace yimen::kiosk::store;
using namespace yimen::kiosk::store::test;

TEST_CASE("a receipt goes committed, shown, printed, and never back", "[store][ledger]") {
    TempDir dir;
    auto db = openDatabase(dir / "kiosk.db");
    PrintLedger ledger(*db);
    REQUIRE(ledger.committed("YM00012611190001", 1000));
    CHECK(ledger.find("YM00012611190001").value()->stage == PrintStage::committed);
    REQUIRE(ledger.shown("YM00012611190001", 2000));
    CHECK(ledger.find("YM00012611190001").value()->stage == PrintStage::shown);
    REQUIRE(ledger.printed("YM00012611190001", 3000));
    const auto printed = *ledger.find("YM00012611190001").value();
    CHECK(printed.stage == PrintStage::printed);
    CHECK(printed.committedMs == 1000);
    CHECK(printed.shownMs == 2000);
    CHECK(printed.printedMs == 3000);

    // A late "shown" or a second "committed" does not move a printed receipt back.
    REQUIRE(ledger.shown("YM00012611190001", 4000));
    REQUIRE(ledger.committed("YM00012611190001", 5000));
    CHECK(ledger.find("YM00012611190001").value()->stage == PrintStage::printed);
    CHECK(ledger.unprinted().value().empty());
}

TEST_CASE("the unprinted receipts are listed oldest first and survive a reopen", "[store][ledger]") {
    TempDir dir;
    {
        auto db = openDatabase(dir / "kiosk.db");
        PrintLedger ledger(*db);
        REQUIRE(ledger.committed("YM00012611190002", 2000));
        REQUIRE(ledger.committed("YM00012611190001", 1000));
        REQUIRE(ledger.committed("YM00012611190003", 3000));
        REQUIRE(ledger.shown("YM00012611190002", 2500));
        REQUIRE(ledger.printed("YM00012611190003", 3500));
    }
    auto db = openDatabase(dir / "kiosk.db");
    PrintLedger ledger(*db);
    auto unprinted = ledger.unprinted();
    REQUIRE(unprinted);
    REQUIRE(unprinted->size() == 2);
    CHECK((*unprinted)[0].receiptNo == "YM00012611190001");
    CHECK((*unprinted)[0].stage == PrintStage::committed);
    CHECK((*unprinted)[1].receiptNo == "YM00012611190002");
    CHECK((*unprinted)[1].stage == PrintStage::shown);
}

TEST_CASE("the ledger refuses an unknown or empty receipt and holds no query code", "[store][ledger]") {
    TempDir dir;
    auto db = openDatabase(dir / "kiosk.db");
    PrintLedger ledger(*db);
    CHECK(ledger.shown("YM00012611190009", 1).error().code == ErrorCode::notFound);
    CHECK(ledger.printed("", 1).error().code == ErrorCode::invalidInput);
    CHECK_FALSE(ledger.find("YM00012611190009").value());
    std::vector<std::string> columns;
    REQUIRE(db->query("SELECT name FROM pragma_table_info('print_ledger')", {},
                      [&](const Row& row) { columns.push_back(row.text(0)); }));
    CHECK(columns ==
          std::vector<std::string>{"receipt_no", "stage", "committed_ms", "shown_ms", "printed_ms"});
}
