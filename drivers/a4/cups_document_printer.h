// The A4 printer through CUPS: IPP requests to a CUPS scheduler over libcups, to one named queue.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "drivers/document_printer.h"

namespace yimen::drivers::a4 {

struct CupsPrinterConfig {
    std::string queue;   // the CUPS queue name, e.g. "A4"
    std::string server;  // "host:port", "host" (port 631) or a domain socket path ("/run/cups/cups.sock")
    // The limit for connecting and for each wait for the scheduler's answer.
    std::chrono::milliseconds timeout{10000};
};

// Each call opens its own connection to the scheduler and closes it before returning, so a restarted
// scheduler costs nothing. Requests go as the process's user (cupsUser()), who then owns the jobs.
//
// Jobs are named "<jobName> [<idempotencyKey>]" in the queue; findJob() asks the queue's whole job history
// (Get-Jobs, which-jobs=all) for that name, so the key survives a crash of the kiosk and a restart of the
// scheduler for as long as CUPS keeps the history (PreserveJobHistory, MaxJobs).
//
// Thread-safe: calls are serialized by the printer's lock.
class CupsDocumentPrinter final : public DocumentPrinter {
public:
    // Errors: invalidInput when the queue or server is empty.
    [[nodiscard]] static Expected<std::unique_ptr<CupsDocumentPrinter>> create(CupsPrinterConfig config);

    [[nodiscard]] Expected<DocumentPrinterStatus> status() override;
    [[nodiscard]] Expected<SubmittedJob> submit(std::span<const std::uint8_t> pdf, const std::string& jobName,
                                                const std::string& idempotencyKey) override;
    [[nodiscard]] Expected<DocumentJobStatus> jobState(DocumentJobId id) override;
    [[nodiscard]] Expected<std::optional<DocumentJobStatus>> findJob(
        const std::string& idempotencyKey) override;
    [[nodiscard]] Status cancel(DocumentJobId id) override;

    const CupsPrinterConfig& config() const { return config_; }

private:
    explicit CupsDocumentPrinter(CupsPrinterConfig config);

    std::mutex mutex_;
    const CupsPrinterConfig config_;
};

// The name a job carries in the queue: "<jobName> [<key>]". Pure.
std::string cupsJobName(const std::string& jobName, const std::string& key);

}  // namespace yimen::drivers::a4
