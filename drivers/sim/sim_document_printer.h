// The simulated A4 printer: keeps every document it is given, and can be out of paper, offline or low on
// toner.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "drivers/document_printer.h"

namespace yimen::drivers::sim {

// A job is printed the moment it is submitted (completed at once) unless holdJobs(true) keeps new jobs
// pending until releaseJobs(). Each printed document's bytes are kept in memory (documents()) and, when an
// output folder was given, saved as <outDir>/document-0001.pdf, -0002, ... (numbering continues after files
// already there). Same idempotency rules and errors as the real driver. Thread-safe: every call takes the
// printer's lock.
class SimDocumentPrinter final : public DocumentPrinter {
public:
    struct Document {
        DocumentJobId id = 0;
        std::string jobName;
        std::string key;
        std::vector<std::uint8_t> pdf;
        std::optional<std::filesystem::path> file;  // where it was saved, with an output folder
    };

    SimDocumentPrinter() = default;
    // Errors: io when outDir cannot be created.
    [[nodiscard]] static Expected<std::unique_ptr<SimDocumentPrinter>> create(std::filesystem::path outDir);

    [[nodiscard]] Expected<DocumentPrinterStatus> status() override;
    [[nodiscard]] Expected<SubmittedJob> submit(std::span<const std::uint8_t> pdf, const std::string& jobName,
                                                const std::string& idempotencyKey) override;
    [[nodiscard]] Expected<DocumentJobStatus> jobState(DocumentJobId id) override;
    [[nodiscard]] Expected<std::optional<DocumentJobStatus>> findJob(
        const std::string& idempotencyKey) override;
    [[nodiscard]] Status cancel(DocumentJobId id) override;

    void setPaperOut(bool out);
    void setOffline(bool offline);
    void setTonerLow(bool low);
    // Pending jobs wait until releaseJobs() prints them, in order.
    void holdJobs(bool hold);
    // Prints every pending job. Errors: io when a document cannot be saved (that job is aborted).
    [[nodiscard]] Status releaseJobs();

    // Documents printed so far, oldest first.
    std::vector<Document> documents() const;

private:
    struct Job {
        DocumentJobStatus status;
        Document document;
    };
    DocumentPrinterStatus currentStatus() const;
    Job* findById(DocumentJobId id);
    Status print(Job& job);

    mutable std::mutex mutex_;
    std::optional<std::filesystem::path> outDir_;
    int nextFile_ = 1;
    DocumentJobId nextId_ = 1;
    bool paperOut_ = false;
    bool offline_ = false;
    bool tonerLow_ = false;
    bool hold_ = false;
    std::vector<Job> jobs_;
    std::vector<Document> printed_;
};

}  // namespace yimen::drivers::sim
