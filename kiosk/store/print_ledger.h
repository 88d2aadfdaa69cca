// The durable print ledger: what became of each committed receipt on its way into the citizen's hand.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "kiosk/store/database.h"

namespace yimen::kiosk::store {

// A receipt's stages, in order; a receipt only ever moves forward.
enum class PrintStage {
    committed,  // the application and its receipt are in the store; the citizen may not have seen it
    shown,      // the receipt screen was on
    printed,    // the printer confirmed the receipt
};
const char* toString(PrintStage stage);

struct PrintLedgerEntry {
    std::string receiptNo;
    PrintStage stage = PrintStage::committed;
    std::int64_t committedMs = 0;
    std::int64_t shownMs = 0;    // 0 until shown
    std::int64_t printedMs = 0;  // 0 until printed
};

// Holds receipt numbers and times only: never a query code or anything of the citizen (the receipt book
// has the rest). Borrows db. Thread-safe (the database serializes).
// Errors: database (SQLite), invalidInput (an empty receipt number), notFound (the receipt is not in the
// ledger).
class PrintLedger {
public:
    explicit PrintLedger(Database& db);

    // Records a freshly committed receipt. Call inside the transaction that issues it, so that a receipt
    // is never committed without its ledger entry. A receipt already in the ledger is left as it is.
    [[nodiscard]] Status committed(const std::string& receiptNo, std::int64_t nowMs);
    // committed -> shown; a receipt already shown or printed is left as it is.
    [[nodiscard]] Status shown(const std::string& receiptNo, std::int64_t nowMs);
    // -> printed, from either earlier stage.
    [[nodiscard]] Status printed(const std::string& receiptNo, std::int64_t nowMs);

    // nullopt when the receipt is not in the ledger.
    [[nodiscard]] Expected<std::optional<PrintLedgerEntry>> find(const std::string& receiptNo);
    // Every receipt committed or shown but not printed, oldest first: the ones a crash, a kill or the
    // printer may have kept from the citizen.
    [[nodiscard]] Expected<std::vector<PrintLedgerEntry>> unprinted();

private:
    [[nodiscard]] Status advance(const std::string& receiptNo, const char* sql, std::int64_t nowMs,
                                 const char* what);
    Database& db_;
};

}  // namespace yimen::kiosk::store
