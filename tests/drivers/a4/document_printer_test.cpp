// Tests for drivers/document_printer.cpp: which printer reasons stop a job, the words a citizen reads, and
// the bounded wait for a job.
#include "drivers/document_printer.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "drivers/sim/sim_document_printer.h"

using namespace yimen;
using namespace yimen::drivers;

namespace {

// A printer at work on a job, reporting these reasons.
DocumentPrinterStatus withReasons(std::vector<std::string> reasons) {
    DocumentPrinterStatus status;
    status.state = DocumentPrinterState::processing;
    status.reasons = std::move(reasons);
    return status;
}

std::vector<std::uint8_t> pdfOf(const std::string& text) {
    const std::string pdf = "%PDF-1.4\n" + text + "\n%%EOF\n";
    return {pdf.begin(), pdf.end()};
}

}  // namespace

TEST_CASE("a printer's reasons say whether paper can come out, in the words a citizen reads") {
    struct Case {
        std::vector<std::string> reasons;
        bool canPrint;
        std::string words;
    };
    const Case cases[] = {
        {{}, true, "正常"},
        {{"media-empty-error"}, false, "打印机缺纸"},
        {{"media-needed"}, false, "打印机缺纸"},
        {{"media-jam-error"}, false, "打印机卡纸"},
        {{"toner-empty-error"}, false, "墨粉已用完"},
        {{"toner-low-warning"}, true, "墨粉不足"},
        {{"toner-low-report"}, true, "墨粉不足"},
        {{"door-open-error"}, false, "打印机盖未关好"},
        {{"offline-report"}, true, "打印机离线"},
        {{"offline"}, false, "打印机离线"},
        {{"media-empty-error", "paused"}, false, "打印机缺纸"},
        {{"media-empty-error", "toner-low-warning"}, false, "打印机缺纸，墨粉不足"},
        {{"connecting-to-device"}, true, "正常"},
        {{"spool-area-full-error"}, false, "打印机故障"},
        {{"cups-insecure-filter-warning"}, true, "正常"},
    };
    for (const Case& c : cases) {
        const DocumentPrinterStatus status = withReasons(c.reasons);
        INFO((c.reasons.empty() ? std::string("none") : c.reasons.front()));
        CHECK(status.canPrint() == c.canPrint);
        CHECK(status.describe() == c.words);
    }
}

TEST_CASE("a queue restarted after a fault tries the next job although its last reason is still shown") {
    DocumentPrinterStatus resumed;
    resumed.reasons = {"media-empty-error"};
    CHECK(resumed.canPrint());
    CHECK(resumed.describe() == "打印机缺纸");

    resumed.state = DocumentPrinterState::stopped;
    CHECK_FALSE(resumed.canPrint());
}

TEST_CASE("a stopped or rejecting printer cannot print and says so") {
    DocumentPrinterStatus stopped;
    stopped.state = DocumentPrinterState::stopped;
    CHECK_FALSE(stopped.canPrint());
    CHECK(stopped.describe() == "打印机已停止");

    DocumentPrinterStatus rejecting;
    rejecting.acceptingJobs = false;
    CHECK_FALSE(rejecting.canPrint());
    CHECK(rejecting.describe() == "打印机暂不接收打印任务");
}

TEST_CASE("reason keywords lose only their severity suffix") {
    CHECK(reasonBase("media-empty-error") == "media-empty");
    CHECK(reasonBase("toner-low-warning") == "toner-low");
    CHECK(reasonBase("offline-report") == "offline");
    CHECK(reasonBase("paused") == "paused");
}

TEST_CASE("job keys are plain ASCII words that cannot be confused with a job name") {
    CHECK(isValidJobKey("R2026-0001"));
    CHECK(isValidJobKey("R2026-0001.reprint-1"));
    CHECK(isValidJobKey("receipt:abc_1"));
    CHECK_FALSE(isValidJobKey(""));
    CHECK_FALSE(isValidJobKey("R 1"));
    CHECK_FALSE(isValidJobKey("R[1]"));
    CHECK_FALSE(isValidJobKey("回执"));
    CHECK_FALSE(isValidJobKey(std::string(101, 'a')));
}

TEST_CASE("waiting for a job ends at its final state, or with a timeout that leaves the job alone") {
    sim::SimDocumentPrinter printer;
    printer.holdJobs(true);
    auto job = printer.submit(pdfOf("a"), "证书", "K1");
    REQUIRE(job);

    auto late = waitForJob(printer, job->id, std::chrono::milliseconds(50), std::chrono::milliseconds(10));
    REQUIRE_FALSE(late);
    CHECK(late.error().code == ErrorCode::timeout);
    auto still = printer.jobState(job->id);
    REQUIRE(still);
    CHECK(still->state == DocumentJobState::pending);

    REQUIRE(printer.releaseJobs());
    auto done = waitForJob(printer, job->id, std::chrono::milliseconds(50), std::chrono::milliseconds(10));
    REQUIRE(done);
    CHECK(done->state == DocumentJobState::completed);

    auto unknown = waitForJob(printer, 999, std::chrono::milliseconds(50));
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().code == ErrorCode::notFound);
}
