// Benchmark: an A4 document through CUPS, from submit() to the job seen completed (median, p95, max), on a
// scheduler started here with a backend that keeps the bytes, so it measures CUPS and the driver, not paper.
// Prints figures; not a test.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "drivers/a4/cups_document_printer.h"
#include "tests/drivers/a4/cups_scheduler.h"

using namespace yimen::drivers;
using yimen::drivers::a4::CupsDocumentPrinter;
using yimen::drivers::a4::test::CupsScheduler;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kJobs = 20;

double percentile(std::vector<double> ms, double p) {
    std::sort(ms.begin(), ms.end());
    return ms[static_cast<std::size_t>(p * static_cast<double>(ms.size() - 1))];
}

}  // namespace

int main() {
    if (auto why = CupsScheduler::missing()) {
        std::printf("bench_a4_print: skipped: %s\n", why->c_str());
        return 0;
    }
    CupsScheduler cups;
    auto printer =
        CupsDocumentPrinter::create({CupsScheduler::kQueue, cups.socketPath(), std::chrono::seconds(10)});
    if (!printer) {
        std::printf("bench_a4_print: %s\n", printer.error().describe().c_str());
        return 1;
    }
    const auto pdf = yimen::drivers::a4::test::samplePdf("Result notice", 200 * 1024);
    std::vector<double> submitMs;
    std::vector<double> completedMs;
    for (int i = 0; i < kJobs; ++i) {
        const auto start = Clock::now();
        auto job = (*printer)->submit(pdf, "办结通知书", "BENCH-" + std::to_string(i));
        const auto submitted = Clock::now();
        if (!job) {
            std::printf("bench_a4_print: submit: %s\n", job.error().describe().c_str());
            return 1;
        }
        auto done = waitForJob(**printer, job->id, std::chrono::seconds(30), std::chrono::milliseconds(5));
        const auto end = Clock::now();
        if (!done || done->state != DocumentJobState::completed) {
            std::printf("bench_a4_print: job %d did not complete\n", job->id);
            return 1;
        }
        submitMs.push_back(std::chrono::duration<double, std::milli>(submitted - start).count());
        completedMs.push_back(std::chrono::duration<double, std::milli>(end - start).count());
    }
    std::printf("A4 through CUPS, %d jobs of %zu bytes (PDF), domain socket:\n", kJobs, pdf.size());
    std::printf(
        "  submit() (status, key check, Create-Job, Send-Document): median %.1f ms, p95 %.1f ms, max %.1f "
        "ms\n",
        percentile(submitMs, 0.5), percentile(submitMs, 0.95), percentile(submitMs, 1.0));
    std::printf(
        "  submit to job completed:                                 median %.1f ms, p95 %.1f ms, max %.1f "
        "ms\n",
        percentile(completedMs, 0.5), percentile(completedMs, 0.95), percentile(completedMs, 1.0));
    return 0;
}
