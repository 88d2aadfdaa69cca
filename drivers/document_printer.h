// The document printer interface: prints whole PDF documents (A4 result notices, certificates) through a
// print queue, and answers what became of each job.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/error.h"

namespace yimen::drivers {

// The printer's own state, as IPP names it (printer-state).
enum class DocumentPrinterState {
    idle,        // ready, nothing printing
    processing,  // printing
    stopped,     // stopped by a fault or by a technician: prints nothing until restarted
};
const char* toString(DocumentPrinterState state);

// What the queue says of the printer before a job.
struct DocumentPrinterStatus {
    DocumentPrinterState state = DocumentPrinterState::idle;
    bool acceptingJobs = true;
    // printer-state-reasons keywords as reported ("media-empty-error", "toner-low-report", "paused", ...);
    // empty when the printer reports "none".
    std::vector<std::string> reasons;

    // Whether a job submitted now would be printed: not stopped, accepting jobs, and, while the printer is
    // at work, no reason that keeps paper from coming out (a warning such as toner-low does not). An idle
    // queue's reasons are what its last job left: CUPS clears a backend's "media-empty-error" only when the
    // next job runs, so once a technician has loaded paper and restarted the queue, the next job is tried.
    bool canPrint() const;
    // Short Chinese text for citizens and technicians: "打印机缺纸，请联系工作人员", "正常", ... Each reason
    // that matters is named once; reasons the kiosk has no words for are left out.
    std::string describe() const;
};

// A reason keyword without its "-error", "-warning" or "-report" suffix: "media-empty-error" ->
// "media-empty".
std::string reasonBase(const std::string& keyword);
// Whether the reason keeps paper from coming out (media-empty, media-jam, toner-empty, door-open, offline,
// paused, ...); reasons ending in "-warning" or "-report" never do.
bool reasonBlocksPrinting(const std::string& keyword);
// The Chinese words for one reason, or nullptr when the kiosk has none for it.
const char* describeReason(const std::string& keyword);

// A job's state (IPP job-state); pending includes a job held in the queue, processing a job whose printer
// stopped mid-way (its reasons then say why).
enum class DocumentJobState { pending, processing, completed, aborted, canceled };
const char* toString(DocumentJobState state);
// completed, aborted or canceled: the job will not change again.
bool isFinal(DocumentJobState state);

using DocumentJobId = int;

struct DocumentJobStatus {
    DocumentJobId id = 0;
    DocumentJobState state = DocumentJobState::pending;
    std::vector<std::string>
        reasons;  // job-state-reasons ("job-completed-successfully", "printer-stopped", ...)
};

// What submit() did.
struct SubmittedJob {
    DocumentJobId id = 0;
    // true: this call queued the job. false: a job with the same idempotency key was already queued, printing
    // or printed, and nothing new was queued.
    bool fresh = true;
};

// Called from one executor thread at a time; every call is bounded in time (it never waits forever on the
// printer or the network).
class DocumentPrinter {
public:
    virtual ~DocumentPrinter() = default;

    // Errors: unavailable (the queue cannot be reached), notFound (no such queue), timeout.
    [[nodiscard]] virtual Expected<DocumentPrinterStatus> status() = 0;

    // Queues one PDF document under `jobName` (shown to technicians) and `idempotencyKey` (ASCII letters,
    // digits, '-', '_', '.', ':'; the kiosk's receipt number or a derived key). Never prints twice for one
    // key: when findJob(key) knows a pending, processing or completed job, returns it with fresh=false and
    // queues nothing. Checks status() first: a printer that cannot print gives device with describe() and
    // queues nothing. Errors: invalidInput (not a PDF, a bad key), device, conflict (the key's earlier job
    // was aborted or canceled: part of it may be on paper, so only an explicit reprint under a new key prints
    // it again), unavailable, notFound, timeout, io (the document did not reach the queue; the half-queued
    // job is canceled).
    [[nodiscard]] virtual Expected<SubmittedJob> submit(std::span<const std::uint8_t> pdf,
                                                        const std::string& jobName,
                                                        const std::string& idempotencyKey) = 0;

    // Errors: notFound (no such job), unavailable, timeout.
    [[nodiscard]] virtual Expected<DocumentJobStatus> jobState(DocumentJobId id) = 0;

    // The newest job submitted under `idempotencyKey`, whatever its state, while the queue keeps its history;
    // nullopt when there is none. Errors: unavailable, notFound (no such queue), timeout.
    [[nodiscard]] virtual Expected<std::optional<DocumentJobStatus>> findJob(
        const std::string& idempotencyKey) = 0;

    // Cancels a pending or processing job. Errors: notFound, conflict (the job is already final),
    // unavailable, timeout.
    [[nodiscard]] virtual Status cancel(DocumentJobId id) = 0;
};

// Whether `key` is a valid idempotency key (see DocumentPrinter::submit).
bool isValidJobKey(const std::string& key);

// The checks every submit() makes before it asks the printer. Errors: invalidInput when `pdf` does not start
// as a PDF does ("%PDF-") or `key` is not a valid idempotency key.
[[nodiscard]] Status checkSubmission(std::span<const std::uint8_t> pdf, const std::string& key);

// What submit() answers when the key already has a job: that job with fresh=false (pending, processing or
// completed: nothing is queued again), or conflict (aborted or canceled: part of it may be on paper). nullopt
// when there is no earlier job: queue a new one.
[[nodiscard]] Expected<std::optional<SubmittedJob>> earlierSubmission(
    const std::optional<DocumentJobStatus>& earlier, const std::string& key);

// Asks jobState(id) every `poll` until the job is final, and returns its final status. Errors: timeout when
// it is not final after `limit` (the job is left as it is), and jobState's errors.
[[nodiscard]] Expected<DocumentJobStatus> waitForJob(
    DocumentPrinter& printer, DocumentJobId id, std::chrono::milliseconds limit,
    std::chrono::milliseconds poll = std::chrono::milliseconds(200));

}  // namespace yimen::drivers
