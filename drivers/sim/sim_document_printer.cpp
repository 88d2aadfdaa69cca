// SimDocumentPrinter: an in-memory print queue that completes jobs at once and keeps their PDF bytes.
#include "drivers/sim/sim_document_printer.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <system_error>

namespace yimen::drivers::sim {
namespace {

// 12 for "document-0012.pdf", 0 for any other name.
int documentNumberOf(const std::filesystem::path& file) {
    int number = 0;
    char tail = 0;
    const std::string name = file.filename().string();
    if (std::sscanf(name.c_str(), "document-%d.pd%c", &number, &tail) == 2 && tail == 'f' &&
        name.size() == std::string("document-0000.pdf").size()) {
        return number;
    }
    return 0;
}

}  // namespace

Expected<std::unique_ptr<SimDocumentPrinter>> SimDocumentPrinter::create(std::filesystem::path outDir) {
    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    if (ec || !std::filesystem::is_directory(outDir, ec)) {
        return fail(ErrorCode::io, "cannot create " + outDir.string() + (ec ? ": " + ec.message() : ""));
    }
    int last = 0;
    for (const auto& entry : std::filesystem::directory_iterator(outDir, ec)) {
        last = std::max(last, documentNumberOf(entry.path()));
    }
    auto printer = std::make_unique<SimDocumentPrinter>();
    printer->outDir_ = std::move(outDir);
    printer->nextFile_ = last + 1;
    return printer;
}

DocumentPrinterStatus SimDocumentPrinter::currentStatus() const {
    DocumentPrinterStatus status;
    if (paperOut_) {
        status.reasons.push_back("media-empty-error");
    }
    if (offline_) {
        status.reasons.push_back("offline-report");
        status.reasons.push_back("offline");
    }
    if (tonerLow_) {
        status.reasons.push_back("toner-low-warning");
    }
    if (paperOut_ || offline_) {
        status.state = DocumentPrinterState::stopped;
    } else if (std::any_of(jobs_.begin(), jobs_.end(),
                           [](const Job& j) { return j.status.state == DocumentJobState::pending; })) {
        status.state = DocumentPrinterState::processing;
    }
    return status;
}

Expected<DocumentPrinterStatus> SimDocumentPrinter::status() {
    std::lock_guard lock(mutex_);
    return currentStatus();
}

Expected<SubmittedJob> SimDocumentPrinter::submit(std::span<const std::uint8_t> pdf,
                                                  const std::string& jobName,
                                                  const std::string& idempotencyKey) {
    if (Status checked = checkSubmission(pdf, idempotencyKey); !checked) {
        return checked.error();
    }
    std::lock_guard lock(mutex_);
    std::optional<DocumentJobStatus> earlier;
    for (auto it = jobs_.rbegin(); it != jobs_.rend() && !earlier; ++it) {
        if (it->document.key == idempotencyKey) {
            earlier = it->status;
        }
    }
    auto known = earlierSubmission(earlier, idempotencyKey);
    if (!known || *known) {
        return known ? Expected<SubmittedJob>(**known) : Expected<SubmittedJob>(known.error());
    }
    const DocumentPrinterStatus printer = currentStatus();
    if (!printer.canPrint()) {
        return fail(ErrorCode::device, printer.describe());
    }
    Job job;
    job.status.id = nextId_++;
    job.document = Document{job.status.id, jobName, idempotencyKey, {pdf.begin(), pdf.end()}, std::nullopt};
    jobs_.push_back(std::move(job));
    if (!hold_) {
        // The job is queued whatever happens next; a failed save aborts it, as a real printer's fault would.
        (void)print(jobs_.back());
    }
    return SubmittedJob{jobs_.back().status.id, true};
}

Status SimDocumentPrinter::print(Job& job) {
    job.status.state = DocumentJobState::completed;
    job.status.reasons = {"job-completed-successfully"};
    if (outDir_) {
        char name[32];
        std::snprintf(name, sizeof name, "document-%04d.pdf", nextFile_++);
        const std::filesystem::path file = *outDir_ / name;
        std::ofstream out(file, std::ios::binary);
        out.write(reinterpret_cast<const char*>(job.document.pdf.data()),
                  static_cast<std::streamsize>(job.document.pdf.size()));
        out.close();
        if (!out) {
            job.status.state = DocumentJobState::aborted;
            job.status.reasons = {"aborted-by-system"};
            return fail(ErrorCode::io, "cannot write " + file.string());
        }
        job.document.file = file;
    }
    printed_.push_back(job.document);
    return {};
}

Expected<DocumentJobStatus> SimDocumentPrinter::jobState(DocumentJobId id) {
    std::lock_guard lock(mutex_);
    if (Job* job = findById(id)) {
        return job->status;
    }
    return fail(ErrorCode::notFound, "no print job " + std::to_string(id));
}

Expected<std::optional<DocumentJobStatus>> SimDocumentPrinter::findJob(const std::string& idempotencyKey) {
    std::lock_guard lock(mutex_);
    for (auto it = jobs_.rbegin(); it != jobs_.rend(); ++it) {
        if (it->document.key == idempotencyKey) {
            return std::optional<DocumentJobStatus>(it->status);
        }
    }
    return std::optional<DocumentJobStatus>();
}

Status SimDocumentPrinter::cancel(DocumentJobId id) {
    std::lock_guard lock(mutex_);
    Job* job = findById(id);
    if (job == nullptr) {
        return fail(ErrorCode::notFound, "no print job " + std::to_string(id));
    }
    if (isFinal(job->status.state)) {
        return fail(ErrorCode::conflict,
                    "print job " + std::to_string(id) + " is already " + toString(job->status.state));
    }
    job->status.state = DocumentJobState::canceled;
    job->status.reasons = {"job-canceled-by-user"};
    return {};
}

void SimDocumentPrinter::setPaperOut(bool out) {
    std::lock_guard lock(mutex_);
    paperOut_ = out;
}

void SimDocumentPrinter::setOffline(bool offline) {
    std::lock_guard lock(mutex_);
    offline_ = offline;
}

void SimDocumentPrinter::setTonerLow(bool low) {
    std::lock_guard lock(mutex_);
    tonerLow_ = low;
}

void SimDocumentPrinter::holdJobs(bool hold) {
    std::lock_guard lock(mutex_);
    hold_ = hold;
}

Status SimDocumentPrinter::releaseJobs() {
    std::lock_guard lock(mutex_);
    Status result;
    for (Job& job : jobs_) {
        if (job.status.state == DocumentJobState::pending) {
            if (Status printed = print(job); !printed && result) {
                result = printed;
            }
        }
    }
    return result;
}

std::vector<SimDocumentPrinter::Document> SimDocumentPrinter::documents() const {
    std::lock_guard lock(mutex_);
    return printed_;
}

SimDocumentPrinter::Job* SimDocumentPrinter::findById(DocumentJobId id) {
    const auto it = std::find_if(jobs_.begin(), jobs_.end(), [&](const Job& j) { return j.status.id == id; });
    return it == jobs_.end() ? nullptr : &*it;
}

}  // namespace yimen::drivers::sim
