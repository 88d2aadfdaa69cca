// Tests for drivers/sim/sim_document_printer.cpp: the simulated A4 printer keeps what it prints, and refuses
// as the real one does.
#include "drivers/sim/sim_document_printer.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/support/temp_dir.h"

using namespace yimen;
using namespace yimen::drivers;
using yimen::drivers::sim::SimDocumentPrinter;

namespace {

std::vector<std::uint8_t> pdfOf(const std::string& text) {
    const std::string pdf = "%PDF-1.4\n" + text + "\n%%EOF\n";
    return {pdf.begin(), pdf.end()};
}

std::vector<std::uint8_t> readFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("the simulated A4 printer keeps each document's bytes and saves them as numbered PDFs") {
    yimen::testing::TempDir dir;
    auto printer = SimDocumentPrinter::create(dir.path() / "a4");
    REQUIRE(printer);
    const auto first = pdfOf("first");
    const auto second = pdfOf("second");
    auto a = (*printer)->submit(first, "办结通知书", "R1");
    auto b = (*printer)->submit(second, "证书", "R2");
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->fresh);
    CHECK(b->id != a->id);

    auto state = (*printer)->jobState(b->id);
    REQUIRE(state);
    CHECK(state->state == DocumentJobState::completed);

    const auto documents = (*printer)->documents();
    REQUIRE(documents.size() == 2);
    CHECK(documents[0].pdf == first);
    CHECK(documents[0].jobName == "办结通知书");
    CHECK(documents[1].key == "R2");
    REQUIRE(documents[1].file);
    CHECK(documents[1].file->filename() == "document-0002.pdf");
    CHECK(readFile(*documents[1].file) == second);

    // A second printer on the same folder numbers on.
    auto later = SimDocumentPrinter::create(dir.path() / "a4");
    REQUIRE(later);
    REQUIRE((*later)->submit(first, "证书", "R3"));
    REQUIRE((*later)->documents().size() == 1);
    CHECK((*later)->documents()[0].file->filename() == "document-0003.pdf");
}

TEST_CASE("the simulated A4 printer out of paper or offline refuses a document and prints nothing") {
    SimDocumentPrinter printer;
    printer.setPaperOut(true);
    auto status = printer.status();
    REQUIRE(status);
    CHECK_FALSE(status->canPrint());
    CHECK(status->describe() == "打印机缺纸");
    auto refused = printer.submit(pdfOf("a"), "证书", "R1");
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::device);
    CHECK(refused.error().message == "打印机缺纸");

    printer.setPaperOut(false);
    printer.setOffline(true);
    auto offline = printer.submit(pdfOf("a"), "证书", "R1");
    REQUIRE_FALSE(offline);
    CHECK(offline.error().message == "打印机离线");
    auto none = printer.findJob("R1");
    REQUIRE(none);
    CHECK_FALSE(none->has_value());

    printer.setOffline(false);
    printer.setTonerLow(true);
    auto low = printer.status();
    REQUIRE(low);
    CHECK(low->canPrint());
    CHECK(low->describe() == "墨粉不足");
    REQUIRE(printer.submit(pdfOf("a"), "证书", "R1"));
    CHECK(printer.documents().size() == 1);
}

TEST_CASE("the simulated A4 printer prints a key once, and a canceled key only under a new key") {
    SimDocumentPrinter printer;
    auto first = printer.submit(pdfOf("a"), "证书", "R1");
    REQUIRE(first);
    auto again = printer.submit(pdfOf("a"), "证书", "R1");
    REQUIRE(again);
    CHECK_FALSE(again->fresh);
    CHECK(again->id == first->id);
    CHECK(printer.documents().size() == 1);

    printer.holdJobs(true);
    auto held = printer.submit(pdfOf("b"), "证书", "R2");
    REQUIRE(held);
    REQUIRE(printer.cancel(held->id));
    auto twice = printer.cancel(held->id);
    REQUIRE_FALSE(twice);
    CHECK(twice.error().code == ErrorCode::conflict);
    auto retry = printer.submit(pdfOf("b"), "证书", "R2");
    REQUIRE_FALSE(retry);
    CHECK(retry.error().code == ErrorCode::conflict);
    REQUIRE(printer.releaseJobs());
    CHECK(printer.documents().size() == 1);

    auto notPdf = printer.submit(std::vector<std::uint8_t>{'a', 'b', 'c', 'd', 'e'}, "证书", "R3");
    REQUIRE_FALSE(notPdf);
    CHECK(notPdf.error().code == ErrorCode::invalidInput);
}
