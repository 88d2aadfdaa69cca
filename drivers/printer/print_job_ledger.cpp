// PrintJobLedger: a bounded, oldest-first record of receipt jobs and their bytes.
#include "drivers/printer/print_job_ledger.h"

#include <string.h>
#include <algorithm>
#include <cstdio>

namespace yimen::drivers::printer {
namespace {

void wipe(std::vector<std::uint8_t>& bytes) {
    // explicit_bzero: a plain fill of memory about to be released may be optimised away.
    if (!bytes.empty()) {
        explicit_bzero(bytes.data(), bytes.size());
    }
    bytes.clear();
    bytes.shrink_to_fit();
}

}  // namespace

const char* toString(PrintJobState state) {
    switch (state) {
    case PrintJobState::refused: return "refused";
    case PrintJobState::partial: return "partial";
    case PrintJobState::sent: return "sent";
    case PrintJobState::printed: return "printed";
    }
    return "?";
}

PrintJobLedger::PrintJobLedger(std::size_t capacity, std::size_t maxBytes)
    : capacity_(std::max<std::size_t>(capacity, 1)), maxBytes_(maxBytes) {}

PrintJobLedger::~PrintJobLedger() {
    forgetAll();
}

const PrintJobLedger::Entry* PrintJobLedger::entry(const PrintJobId& id) const {
    auto it =
        std::find_if(entries_.begin(), entries_.end(), [&id](const Entry& e) { return e.record.id == id; });
    return it == entries_.end() ? nullptr : &*it;
}

PrintDecision PrintJobLedger::decide(const PrintJobId& id) const {
    const Entry* e = entry(id);
    if (e == nullptr) {
        return PrintDecision::send;
    }
    switch (e->record.state) {
    case PrintJobState::refused: return PrintDecision::send;
    case PrintJobState::printed: return PrintDecision::alreadyPrinted;
    case PrintJobState::partial:
    case PrintJobState::sent: return PrintDecision::askFirst;
    }
    return PrintDecision::askFirst;
}

std::optional<PrintJobRecord> PrintJobLedger::find(const PrintJobId& id) const {
    const Entry* e = entry(id);
    if (e == nullptr) {
        return std::nullopt;
    }
    return e->record;
}

std::optional<std::vector<std::uint8_t>> PrintJobLedger::bytes(const PrintJobId& id) const {
    const Entry* e = entry(id);
    if (e == nullptr) {
        return std::nullopt;
    }
    return e->bytes;
}

void PrintJobLedger::record(const PrintJobRecord& record, std::span<const std::uint8_t> bytes) {
    auto it = std::find_if(entries_.begin(), entries_.end(),
                           [&record](const Entry& e) { return e.record.id == record.id; });
    if (it != entries_.end()) {
        Entry moved = std::move(*it);
        entries_.erase(it);
        moved.record = record;
        entries_.push_back(std::move(moved));  // most recently used last
        return;
    }
    Entry e;
    e.record = record;
    e.bytes.assign(bytes.begin(), bytes.end());
    heldBytes_ += e.bytes.size();
    entries_.push_back(std::move(e));
    evict();
}

void PrintJobLedger::evict() {
    while (entries_.size() > capacity_ || (heldBytes_ > maxBytes_ && entries_.size() > 1)) {
        heldBytes_ -= entries_.front().bytes.size();
        wipe(entries_.front().bytes);
        entries_.pop_front();
    }
}

void PrintJobLedger::forgetAll() {
    for (Entry& e : entries_) {
        wipe(e.bytes);
    }
    entries_.clear();
    heldBytes_ = 0;
}

PrintJobId jobIdOf(std::span<const std::uint8_t> job) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (std::uint8_t b : job) {
        hash ^= b;
        hash *= 0x100000001b3ULL;
    }
    char buf[24];
    std::snprintf(buf, sizeof buf, "job-%016llx", static_cast<unsigned long long>(hash));
    return buf;
}

}  // namespace yimen::drivers::printer
