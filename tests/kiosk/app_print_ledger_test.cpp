// Tests for the durable print ledger in the app: a receipt lost to a kill or the printer is known after a
// restart and printed once.
#include <catch2/catch.hpp>

#include "app_fixture.h"
#include "kiosk/store/audit_log.h"
#include "kiosk/store/print_ledger.h"

using namespace yimen;
using namespace yimen::kiosk;
using namespace yimen::kiosk::test;
using namespace std::chrono_literals;

namespace {

bool audited(App& app, const std::string& action, const std::string& detail) {
    auto recent = app.audit().recent(100);
    REQUIRE(recent);
    for (const auto& e : *recent)
        if (e.action == action && e.detail.find(detail) != std::string::npos)
            return true;
    return false;
}

}  // namespace

TEST_CASE("a receipt committed but never shown is known after a restart and can be printed once",
          "[app][ledger]") {
    AppFixture f;
    f.walkToReview();
    f.send(ev::Submit{});
    REQUIRE(f.app->flushStore(10s));  // committed; the receipt screen is not on yet
    REQUIRE(f.app->state().screen == Screen::submitting);
    auto before = f.app->unprintedReceipts();
    REQUIRE(before);
    REQUIRE(before->size() == 1);
    const std::string receiptNo = before->front().receiptNo;
    CHECK(before->front().stage == store::PrintStage::committed);

    f.open();  // the kiosk was killed here, and starts again
    auto after = f.app->unprintedReceipts();
    REQUIRE(after);
    REQUIRE(after->size() == 1);
    CHECK(after->front().receiptNo == receiptNo);
    CHECK(audited(*f.app, "receipt_unprinted", receiptNo));

    REQUIRE(f.app->reprintReceipt(receiptNo));
    REQUIRE(f.until([&](const SessionState&) { return f.app->unprintedReceipts()->empty(); }, 10s));
    CHECK(f.printer.printedCount() == 1);
    auto entry = f.app->printLedger().find(receiptNo);
    REQUIRE(entry);
    REQUIRE(*entry);
    CHECK((*entry)->stage == store::PrintStage::printed);

    // A second reprint of a printed receipt never prints it twice.
    auto again = f.app->reprintReceipt(receiptNo);
    REQUIRE_FALSE(again);
    CHECK(again.error().code == ErrorCode::conflict);
    CHECK(f.printer.printedCount() == 1);
}

TEST_CASE("a receipt shown while the paper was out stays unprinted across a restart, then prints",
          "[app][ledger]") {
    AppFixture f;
    f.printer.setPaperOut(true);
    f.walkToReview();
    f.send(ev::Submit{});
    REQUIRE(f.until([](const SessionState& s) { return s.printState == PrintState::failed; }, 10s));
    REQUIRE(f.app->flushStore(10s));
    const std::string receiptNo = f.app->state().receipt->receiptNo;

    f.open();
    auto unprinted = f.app->unprintedReceipts();
    REQUIRE(unprinted);
    REQUIRE(unprinted->size() == 1);
    CHECK(unprinted->front().receiptNo == receiptNo);
    CHECK(unprinted->front().stage == store::PrintStage::shown);

    f.printer.setPaperOut(false);
    REQUIRE(f.app->reprintReceipt(receiptNo));
    REQUIRE(f.until([&](const SessionState&) { return f.app->unprintedReceipts()->empty(); }, 10s));
    CHECK(f.printer.printedCount() == 1);
    CHECK(f.app->reprintReceipt("YM00019901010001").error().code == ErrorCode::notFound);
}

TEST_CASE("a receipt printed in the session is recorded as printed and never listed", "[app][ledger]") {
    AppFixture f;
    f.walkToReview();
    f.send(ev::Submit{});
    REQUIRE(f.until([](const SessionState& s) { return s.printState == PrintState::printed; }, 10s));
    REQUIRE(f.app->flushStore(10s));
    auto unprinted = f.app->unprintedReceipts();
    REQUIRE(unprinted);
    CHECK(unprinted->empty());
    CHECK(f.printer.printedCount() == 1);
}
