// The print job ledger: what became of each receipt job, so that a retry never prints a receipt twice.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/error.h"

namespace yimen::drivers::printer {

// Names one receipt job. jobIdOf() derives it from the job's bytes, so the same receipt sent again is the
// same job.
using PrintJobId = std::string;

enum class PrintJobState {
    refused,  // nothing was sent (the printer was absent or not ready): printing it now prints it once
    partial,  // some bytes reached the printer, then the transfer failed: part of the receipt may be on paper
    sent,     // every byte reached the printer, but it then reported a fault: the receipt may be incomplete
    printed,  // every byte reached the printer and it reported no fault afterwards
};

const char* toString(PrintJobState state);

struct PrintJobRecord {
    PrintJobId id;
    PrintJobState state = PrintJobState::refused;
    std::size_t totalBytes = 0;
    std::size_t bytesSent =
        0;                    // confirmed by the transfer; for `partial`, more may have gone out unconfirmed
    bool cutReached = false;  // the bytes sent include the job's last cut
    int timesSent = 0;        // complete sends: 1 after the first print, +1 for each reprint
    std::optional<Error> lastError;
};

// What a request to print job `id` may do.
enum class PrintDecision {
    send,            // unknown, or refused before: send it
    alreadyPrinted,  // printed: sending it again would print a second receipt
    askFirst,        // partial or sent: part or all of it may be on paper; only reprint() sends it again
};

// The last `capacity` jobs and their bytes (for reprint), oldest forgotten first; bytes are zeroed when
// forgotten, as a receipt may carry a citizen's name. In memory only. Not thread-safe: its printer's lock
// guards it.
class PrintJobLedger {
public:
    static constexpr std::size_t kDefaultCapacity = 16;
    static constexpr std::size_t kDefaultMaxBytes = 16u << 20;

    explicit PrintJobLedger(std::size_t capacity = kDefaultCapacity, std::size_t maxBytes = kDefaultMaxBytes);
    ~PrintJobLedger();
    PrintJobLedger(const PrintJobLedger&) = delete;
    PrintJobLedger& operator=(const PrintJobLedger&) = delete;

    PrintDecision decide(const PrintJobId& id) const;
    std::optional<PrintJobRecord> find(const PrintJobId& id) const;
    // The bytes kept for `id`; nullopt when the job is unknown or forgotten.
    std::optional<std::vector<std::uint8_t>> bytes(const PrintJobId& id) const;

    // Adds the job with its bytes, or replaces the record of a known job and keeps the bytes it has (a
    // reprint).
    void record(const PrintJobRecord& record, std::span<const std::uint8_t> bytes);
    // Forgets every job and zeroes their bytes (the session ended).
    void forgetAll();
    std::size_t size() const { return entries_.size(); }

private:
    struct Entry {
        PrintJobRecord record;
        std::vector<std::uint8_t> bytes;
    };
    void evict();
    const Entry* entry(const PrintJobId& id) const;

    std::size_t capacity_;
    std::size_t maxBytes_;
    std::size_t heldBytes_ = 0;
    std::deque<Entry> entries_;  // oldest first
};

// "job-" and 16 hex digits of the FNV-1a 64-bit hash of the bytes. Pure.
PrintJobId jobIdOf(std::span<const std::uint8_t> job);

}  // namespace yimen::drivers::printer
