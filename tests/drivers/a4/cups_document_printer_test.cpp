// Tests for drivers/a4/cups_document_printer.cpp against a real CUPS scheduler started for each test: what
// comes out of the printer, what a stopped or paper-less printer does to a job, and that a key never prints
// twice.
#include "drivers/a4/cups_document_printer.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/drivers/a4/cups_scheduler.h"
#include "tests/support/skip.h"
#include "tests/support/temp_dir.h"

using namespace yimen;
using namespace yimen::drivers;
using namespace yimen::drivers::a4;
using yimen::drivers::a4::test::CupsScheduler;
using yimen::drivers::a4::test::readFile;
using yimen::drivers::a4::test::samplePdf;

namespace {

constexpr auto kJobLimit = std::chrono::seconds(30);

std::unique_ptr<CupsDocumentPrinter> printerFor(const std::string& server) {
    auto printer = CupsDocumentPrinter::create({CupsScheduler::kQueue, server, std::chrono::seconds(10)});
    REQUIRE(printer);
    return std::move(*printer);
}

// Waits (bounded) until the queue reports what `until` looks for.
DocumentPrinterStatus waitForStatus(CupsDocumentPrinter& printer,
                                    bool (*until)(const DocumentPrinterStatus&)) {
    const auto deadline = std::chrono::steady_clock::now() + kJobLimit;
    while (true) {
        auto status = printer.status();
        REQUIRE(status);
        if (until(*status) || std::chrono::steady_clock::now() > deadline) {
            return *status;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

bool hasReason(const DocumentPrinterStatus& status, const std::string& base) {
    for (const std::string& reason : status.reasons) {
        if (reasonBase(reason) == base) {
            return true;
        }
    }
    return false;
}

}  // namespace

TEST_CASE("a PDF sent to the A4 queue comes out byte for byte and its job is followed to completed") {
    if (auto why = CupsScheduler::missing()) {
        YIMEN_SKIP(*why);
    }
    CupsScheduler cups;
    auto printer = printerFor(cups.tcpServer());

    auto ready = printer->status();
    REQUIRE(ready);
    CHECK(ready->canPrint());
    CHECK(ready->describe() == "正常");

    const auto pdf = samplePdf("Result notice 2026-0001");
    auto job = printer->submit(pdf, "办结通知书", "R2026-0001");
    INFO((job ? std::string() : job.error().describe()));
    REQUIRE(job);
    CHECK(job->fresh);
    CHECK(job->id > 0);

    auto done = waitForJob(*printer, job->id, kJobLimit);
    INFO(cups.log());
    REQUIRE(done);
    CHECK(done->state == DocumentJobState::completed);

    const auto printed = cups.printed();
    REQUIRE(printed.size() == 1);
    const auto bytes = readFile(printed.front());
    CHECK(std::string(bytes.begin(), bytes.begin() + 5) == "%PDF-");
    CHECK(bytes.size() == pdf.size());
    CHECK(bytes == std::vector<unsigned char>(pdf.begin(), pdf.end()));
}

TEST_CASE("a second submit under the same key prints nothing, even after the kiosk and CUPS restart") {
    if (auto why = CupsScheduler::missing()) {
        YIMEN_SKIP(*why);
    }
    CupsScheduler cups;
    const auto pdf = samplePdf("Certificate");
    DocumentJobId first = 0;
    {
        auto printer = printerFor(cups.socketPath());
        auto job = printer->submit(pdf, "证书", "R2026-0002");
        REQUIRE(job);
        first = job->id;
        auto again = printer->submit(pdf, "证书", "R2026-0002");
        REQUIRE(again);
        CHECK_FALSE(again->fresh);
        CHECK(again->id == first);
        REQUIRE(waitForJob(*printer, first, kJobLimit));
    }
    cups.restart();

    auto printer = printerFor(cups.tcpServer());
    auto known = printer->findJob("R2026-0002");
    REQUIRE(known);
    REQUIRE(known->has_value());
    CHECK((*known)->id == first);
    CHECK((*known)->state == DocumentJobState::completed);
    auto unknown = printer->findJob("R2026-0003");
    REQUIRE(unknown);
    CHECK_FALSE(unknown->has_value());

    auto third = printer->submit(pdf, "证书", "R2026-0002");
    REQUIRE(third);
    CHECK_FALSE(third->fresh);
    CHECK(third->id == first);
    CHECK(cups.printed().size() == 1);
}

TEST_CASE("a paused or rejecting A4 queue gives a clear error and queues nothing") {
    if (auto why = CupsScheduler::missing()) {
        YIMEN_SKIP(*why);
    }
    CupsScheduler cups;
    auto printer = printerFor(cups.socketPath());

    cups.pause();
    auto paused = printer->status();
    REQUIRE(paused);
    CHECK(paused->state == DocumentPrinterState::stopped);
    CHECK_FALSE(paused->canPrint());
    CHECK(paused->describe() == "打印机已暂停");
    auto refused = printer->submit(samplePdf("x"), "办结通知书", "R2026-0004");
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::device);
    CHECK(refused.error().message == "打印机已暂停");

    cups.resume();
    cups.reject();
    auto rejecting = printer->status();
    REQUIRE(rejecting);
    CHECK_FALSE(rejecting->acceptingJobs);
    CHECK(rejecting->describe() == "打印机暂不接收打印任务");
    auto refusedAgain = printer->submit(samplePdf("x"), "办结通知书", "R2026-0004");
    REQUIRE_FALSE(refusedAgain);
    CHECK(refusedAgain.error().code == ErrorCode::device);

    auto none = printer->findJob("R2026-0004");
    REQUIRE(none);
    CHECK_FALSE(none->has_value());
    CHECK(cups.printed().empty());
}

TEST_CASE("a printer out of paper stops the queue with media-empty, and the next document waits for paper") {
    if (auto why = CupsScheduler::missing()) {
        YIMEN_SKIP(*why);
    }
    CupsScheduler cups;
    auto printer = printerFor(cups.tcpServer());
    const auto pdf = samplePdf("Result notice 2026-0005");

    cups.setPaperOut(true);
    auto job = printer->submit(pdf, "办结通知书", "R2026-0005");
    INFO((job ? std::string() : job.error().describe()));
    REQUIRE(job);
    const DocumentPrinterStatus empty = waitForStatus(*printer, [](const DocumentPrinterStatus& s) {
        return s.state == DocumentPrinterState::stopped && hasReason(s, "media-empty");
    });
    INFO(cups.log());
    REQUIRE(hasReason(empty, "media-empty"));
    CHECK_FALSE(empty.canPrint());
    CHECK(empty.describe() == "打印机缺纸");

    auto waiting = printer->jobState(job->id);
    REQUIRE(waiting);
    CHECK_FALSE(isFinal(waiting->state));

    auto refused = printer->submit(samplePdf("another"), "证书", "R2026-0006");
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::device);
    CHECK(refused.error().message == "打印机缺纸");
    auto none = printer->findJob("R2026-0006");
    REQUIRE(none);
    CHECK_FALSE(none->has_value());
    CHECK(cups.printed().empty());

    // Paper loaded, the technician restarts the queue: the waiting document prints, once.
    cups.setPaperOut(false);
    cups.resume();
    auto done = waitForJob(*printer, job->id, kJobLimit);
    REQUIRE(done);
    CHECK(done->state == DocumentJobState::completed);
    const auto printed = cups.printed();
    REQUIRE(printed.size() == 1);
    CHECK(readFile(printed.front()) == std::vector<unsigned char>(pdf.begin(), pdf.end()));

    // The queue still shows what its last fault left, and the next document is printed all the same.
    auto next = printer->submit(samplePdf("another"), "证书", "R2026-0008");
    INFO((next ? std::string() : next.error().describe()));
    REQUIRE(next);
    auto nextDone = waitForJob(*printer, next->id, kJobLimit);
    REQUIRE(nextDone);
    CHECK(nextDone->state == DocumentJobState::completed);
    CHECK(cups.printed().size() == 2);
}

TEST_CASE("a canceled A4 job is never printed, and its key is not printed again without a new key") {
    if (auto why = CupsScheduler::missing()) {
        YIMEN_SKIP(*why);
    }
    CupsScheduler cups;
    auto printer = printerFor(cups.socketPath());
    const auto pdf = samplePdf("Result notice 2026-0007");

    cups.setPaperOut(true);
    auto job = printer->submit(pdf, "办结通知书", "R2026-0007");
    REQUIRE(job);
    REQUIRE(printer->cancel(job->id));
    auto canceled = printer->jobState(job->id);
    REQUIRE(canceled);
    CHECK(canceled->state == DocumentJobState::canceled);

    auto twice = printer->cancel(job->id);
    REQUIRE_FALSE(twice);
    CHECK(twice.error().code == ErrorCode::conflict);

    cups.setPaperOut(false);
    cups.resume();
    auto again = printer->submit(pdf, "办结通知书", "R2026-0007");
    REQUIRE_FALSE(again);
    CHECK(again.error().code == ErrorCode::conflict);

    auto reprint = printer->submit(pdf, "办结通知书", "R2026-0007.reprint-1");
    REQUIRE(reprint);
    CHECK(reprint->fresh);
    auto done = waitForJob(*printer, reprint->id, kJobLimit);
    REQUIRE(done);
    CHECK(done->state == DocumentJobState::completed);
    CHECK(cups.printed().size() == 1);
}

TEST_CASE("an unknown A4 queue, a job id it never had and a bad document are told apart") {
    if (auto why = CupsScheduler::missing()) {
        YIMEN_SKIP(*why);
    }
    CupsScheduler cups;
    auto unknown = CupsDocumentPrinter::create({"NoSuchQueue", cups.socketPath(), std::chrono::seconds(10)});
    REQUIRE(unknown);
    auto status = (*unknown)->status();
    REQUIRE_FALSE(status);
    CHECK(status.error().code == ErrorCode::notFound);

    auto printer = printerFor(cups.socketPath());
    auto job = printer->jobState(4242);
    REQUIRE_FALSE(job);
    CHECK(job.error().code == ErrorCode::notFound);

    const std::string text = "not a pdf";
    auto notPdf = printer->submit(std::vector<std::uint8_t>(text.begin(), text.end()), "x", "R2026-0008");
    REQUIRE_FALSE(notPdf);
    CHECK(notPdf.error().code == ErrorCode::invalidInput);
    auto badKey = printer->submit(samplePdf("x"), "x", "R 2026 [8]");
    REQUIRE_FALSE(badKey);
    CHECK(badKey.error().code == ErrorCode::invalidInput);
    CHECK(cups.printed().empty());
}

TEST_CASE("no print server at the address is unavailable, and a server that never answers times out") {
    yimen::testing::TempDir dir;
    auto absent =
        CupsDocumentPrinter::create({CupsScheduler::kQueue, dir / "cups.sock", std::chrono::seconds(2)});
    REQUIRE(absent);
    auto status = (*absent)->status();
    REQUIRE_FALSE(status);
    CHECK(status.error().code == ErrorCode::unavailable);

    // A listening socket nobody reads from: the connection opens, the answer never comes.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(fd, 8) == 0);
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    const std::string silent = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
    auto mute = CupsDocumentPrinter::create({CupsScheduler::kQueue, silent, std::chrono::milliseconds(500)});
    REQUIRE(mute);
    auto answer = (*mute)->status();
    ::close(fd);
    REQUIRE_FALSE(answer);
    CHECK(answer.error().code == ErrorCode::timeout);
}
