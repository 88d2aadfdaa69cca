// The print ledger on SQLite (table print_ledger, schema version 4).
#include "kiosk/store/print_ledger.h"

namespace yimen::kiosk::store {

const char* toString(PrintStage stage) {
    switch (stage) {
    case PrintStage::committed: return "committed";
    case PrintStage::shown: return "shown";
    case PrintStage::printed: return "printed";
    }
    return "?";
}

namespace {

PrintStage stageOf(const std::string& text) {
    return text == "printed" ? PrintStage::printed
           : text == "shown" ? PrintStage::shown
                             : PrintStage::committed;
}

constexpr const char* kSelect =
    "SELECT receipt_no, stage, committed_ms, COALESCE(shown_ms, 0), COALESCE(printed_ms, 0) FROM "
    "print_ledger ";

PrintLedgerEntry entryOf(const Row& row) {
    return {row.text(0), stageOf(row.text(1)), row.integer(2), row.integer(3), row.integer(4)};
}

}  // namespace

PrintLedger::PrintLedger(Database& db) : db_(db) {}

Status PrintLedger::committed(const std::string& receiptNo, std::int64_t nowMs) {
    if (receiptNo.empty())
        return fail(ErrorCode::invalidInput, "print ledger: no receipt number");
    auto ok = db_.execute(
        "INSERT OR IGNORE INTO print_ledger (receipt_no, stage, committed_ms) VALUES (?, 'committed', ?)",
        {receiptNo, nowMs});
    if (!ok)
        return ok.error().withContext("recording receipt " + receiptNo + " as committed");
    return {};
}

Status PrintLedger::advance(const std::string& receiptNo, const char* sql, std::int64_t nowMs,
                            const char* what) {
    if (receiptNo.empty())
        return fail(ErrorCode::invalidInput, "print ledger: no receipt number");
    auto changed = db_.update(sql, {nowMs, receiptNo});
    if (!changed)
        return changed.error().withContext(std::string("recording receipt ") + receiptNo + " as " + what);
    if (*changed == 0) {
        auto known = find(receiptNo);
        if (!known)
            return known.error();
        if (!*known)
            return fail(ErrorCode::notFound, "receipt " + receiptNo + " is not in the print ledger");
    }
    return {};
}

Status PrintLedger::shown(const std::string& receiptNo, std::int64_t nowMs) {
    return advance(receiptNo,
                   "UPDATE print_ledger SET stage = 'shown', shown_ms = ? WHERE receipt_no = ? AND stage = "
                   "'committed'",
                   nowMs, "shown");
}

Status PrintLedger::printed(const std::string& receiptNo, std::int64_t nowMs) {
    return advance(
        receiptNo,
        "UPDATE print_ledger SET stage = 'printed', printed_ms = ? WHERE receipt_no = ? AND stage <> "
        "'printed'",
        nowMs, "printed");
}

Expected<std::optional<PrintLedgerEntry>> PrintLedger::find(const std::string& receiptNo) {
    std::optional<PrintLedgerEntry> found;
    auto read = db_.query(std::string(kSelect) + "WHERE receipt_no = ?", {receiptNo},
                          [&](const Row& row) { found = entryOf(row); });
    if (!read)
        return read.error().withContext("reading the print ledger");
    return found;
}

Expected<std::vector<PrintLedgerEntry>> PrintLedger::unprinted() {
    std::vector<PrintLedgerEntry> entries;
    auto read = db_.query(std::string(kSelect) + "WHERE stage <> 'printed' ORDER BY committed_ms, receipt_no",
                          {}, [&](const Row& row) { entries.push_back(entryOf(row)); });
    if (!read)
        return read.error().withContext("reading the print ledger");
    return entries;
}

}  // namespace yimen::kiosk::store
