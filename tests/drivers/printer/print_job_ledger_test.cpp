// Tests for drivers/printer/print_job_ledger.cpp: what a retry may do, and how long jobs are kept.
#include "drivers/printer/print_job_ledger.h"

#include <catch2/catch.hpp>

#include "tests/drivers/test_support.h"

using namespace yimen;
using namespace yimen::drivers::printer;
using yimen::drivers::test::bytesOf;

namespace {

PrintJobRecord recordOf(const PrintJobId& id, PrintJobState state) {
    PrintJobRecord r;
    r.id = id;
    r.state = state;
    return r;
}

}  // namespace

TEST_CASE("a retry may send a refused or unknown job, never a printed, partial or sent one") {
    struct Case {
        PrintJobState state;
        PrintDecision decision;
    };
    const Case cases[] = {
        {PrintJobState::refused, PrintDecision::send},
        {PrintJobState::partial, PrintDecision::askFirst},
        {PrintJobState::sent, PrintDecision::askFirst},
        {PrintJobState::printed, PrintDecision::alreadyPrinted},
    };
    for (const Case& c : cases) {
        INFO(toString(c.state));
        PrintJobLedger ledger;
        CHECK(ledger.decide("job-a") == PrintDecision::send);
        ledger.record(recordOf("job-a", c.state), bytesOf("receipt"));
        CHECK(ledger.decide("job-a") == c.decision);
        CHECK(ledger.decide("job-b") == PrintDecision::send);
    }
}

TEST_CASE("updating a job keeps its bytes for a reprint") {
    PrintJobLedger ledger;
    ledger.record(recordOf("job-a", PrintJobState::partial), bytesOf("receipt A"));
    PrintJobRecord printed = recordOf("job-a", PrintJobState::printed);
    printed.timesSent = 1;
    ledger.record(printed, {});
    CHECK(ledger.find("job-a")->state == PrintJobState::printed);
    CHECK(ledger.find("job-a")->timesSent == 1);
    CHECK(ledger.bytes("job-a") == bytesOf("receipt A"));
    CHECK(ledger.size() == 1);
}

TEST_CASE("the oldest jobs are forgotten past the capacity or the byte budget") {
    PrintJobLedger byCount(2);
    byCount.record(recordOf("job-1", PrintJobState::printed), bytesOf("1"));
    byCount.record(recordOf("job-2", PrintJobState::printed), bytesOf("2"));
    byCount.record(recordOf("job-1", PrintJobState::printed), {});  // job-1 used again: now the newest
    byCount.record(recordOf("job-3", PrintJobState::printed), bytesOf("3"));
    CHECK(byCount.size() == 2);
    CHECK(byCount.find("job-1").has_value());
    CHECK_FALSE(byCount.find("job-2").has_value());
    CHECK(byCount.decide("job-2") == PrintDecision::send);

    PrintJobLedger byBytes(16, 10);
    byBytes.record(recordOf("job-1", PrintJobState::printed), bytesOf("123456"));
    byBytes.record(recordOf("job-2", PrintJobState::printed), bytesOf("123456"));
    CHECK_FALSE(byBytes.find("job-1").has_value());
    CHECK(byBytes.find("job-2").has_value());

    // One job larger than the budget is still kept: a reprint must stay possible.
    PrintJobLedger single(16, 4);
    single.record(recordOf("job-big", PrintJobState::partial), bytesOf("0123456789"));
    CHECK(single.bytes("job-big") == bytesOf("0123456789"));
}

TEST_CASE("forgetting all jobs leaves nothing to reprint") {
    PrintJobLedger ledger;
    ledger.record(recordOf("job-a", PrintJobState::partial), bytesOf("张三的回执"));
    ledger.forgetAll();
    CHECK(ledger.size() == 0);
    CHECK_FALSE(ledger.bytes("job-a").has_value());
    CHECK(ledger.decide("job-a") == PrintDecision::send);
}

TEST_CASE("job ids follow the bytes") {
    const auto a = bytesOf("receipt A");
    const auto b = bytesOf("receipt B");
    CHECK(jobIdOf(a) == jobIdOf(bytesOf("receipt A")));
    CHECK(jobIdOf(a) != jobIdOf(b));
    CHECK(jobIdOf(a).rfind("job-", 0) == 0);
    CHECK(jobIdOf(a).size() == 20);
    CHECK(jobIdOf({}) == "job-cbf29ce484222325");  // the FNV-1a offset basis
}
