// The printing executor: the citizen's receipt recorded as shown and printed, the technician's reprint, and
// the receipts a kill or the printer kept from their citizen.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "common/error.h"
#include "drivers/receipt_printer.h"
#include "kiosk/executors/audit_executor.h"
#include "kiosk/executors/device_health_executor.h"
#include "kiosk/executors/executor.h"
#include "kiosk/executors/print_executor.h"
#include "kiosk/core/receipt_info.h"
#include "kiosk/store/audit_log.h"
#include "kiosk/store/print_ledger.h"
#include "kiosk/store/receipt_book.h"
#include "kiosk/store_worker.h"

namespace yimen::kiosk {

// Owns the print thread (PrintExecutor); borrows the printer, the store objects, the store worker and the
// audit and health executors. Thread-safe.
class PrintingExecutor {
public:
    struct Store {
        store::PrintLedger& ledger;
        store::ReceiptBook& receipts;
        store::AuditLog& audit;
        StoreWorker& worker;
    };

    PrintingExecutor(drivers::ReceiptPrinter& printer, Store store, AuditExecutor& audit,
                     DeviceHealthExecutor& health, int utcOffsetMinutes, ExecutorWiring wiring);
    PrintingExecutor(const PrintingExecutor&) = delete;
    PrintingExecutor& operator=(const PrintingExecutor&) = delete;

    void start();
    // Stops the print thread; queued receipts stay unprinted in the ledger. Idempotent.
    void stop();

    // At start: logs and audits every receipt the ledger holds as never printed. Main thread.
    void reportUnprinted();
    // PrintReceipt: the ledger's "shown" first, then the print; PrintFinished follows.
    void print(const ReceiptInfo& receipt);
    // WipePersonalData: the printer forgets its past jobs once the queued ones are done.
    void forgetAfterQueued();
    // See App::reprintReceipt. Any thread.
    [[nodiscard]] Status reprint(const std::string& receiptNo);
    // See App::probePrinter. Any thread.
    [[nodiscard]] Status probe();
    // Receipts waiting or being printed. Any thread.
    std::size_t held();

private:
    Store store_;
    AuditExecutor& audit_;
    const int utcOffsetMinutes_;
    ExecutorWiring wiring_;
    PrintExecutor printer_;
};

}  // namespace yimen::kiosk
