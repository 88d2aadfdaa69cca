// The print executor: the receipt printer's one thread, its bounded job queue and the durable print ledger.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>

#include "common/error.h"
#include "common/worker.h"
#include "drivers/receipt_printer.h"
#include "kiosk/core/event.h"
#include "kiosk/core/receipt_info.h"
#include "kiosk/store/print_ledger.h"

namespace yimen::kiosk {

// Prints receipts one at a time on its own thread and records each printed one in the ledger, so that a
// receipt the ledger says is printed is never printed again. Borrows the printer and the ledger.
// Thread-safe: every call may come from any thread.
class PrintExecutor {
public:
    // At most this many receipts wait for the printer; the ledger keeps any refused one for a reprint.
    static constexpr std::size_t kMaxJobs = 8;

    struct Wiring {
        std::function<void(Event)> post;            // PrintFinished, WorkerFailed
        std::function<void(const Status&)> health;  // each printer call's outcome
        std::function<std::int64_t()> wallMs;       // for the ledger's times
    };

    PrintExecutor(drivers::ReceiptPrinter& printer, store::PrintLedger& ledger, Wiring wiring);
    ~PrintExecutor();  // stops the thread; queued jobs stay unprinted in the ledger
    PrintExecutor(const PrintExecutor&) = delete;
    PrintExecutor& operator=(const PrintExecutor&) = delete;

    void start();
    void stop();

    // The receipt on the citizen's screen: PrintFinished follows (at once with ok=false when the queue is
    // full).
    void printForSession(ReceiptInfo receipt);
    // A receipt the ledger holds as committed or shown, printed once through the same path; its outcome is
    // logged and recorded in the ledger, not posted. Errors: conflict (already printed, or the queue is
    // full).
    [[nodiscard]] Status reprint(ReceiptInfo receipt);
    // After every job queued so far, the printer forgets its past jobs (the citizen's session ended).
    void forgetAfterQueued();
    // Asks the printer for its status, serialized with printing. ok when it can print.
    [[nodiscard]] Status probe();

    // Receipts waiting or being printed (a test seam: what the executor holds of citizens' receipts).
    std::size_t held();

private:
    struct Job {
        enum class Kind { session, reprint, forget } kind = Kind::session;
        ReceiptInfo receipt;
    };
    void loop(StopToken& self);
    bool enqueue(Job job);
    ev::PrintFinished printOne(const ReceiptInfo& receipt);
    void run(Job& job);

    drivers::ReceiptPrinter& printer_;
    store::PrintLedger& ledger_;
    Wiring wiring_;
    std::mutex mutex_;
    std::deque<Job> jobs_;
    std::size_t running_ = 0;
    std::mutex printerMutex_;  // the printer takes one caller at a time: this thread or a probe
    Worker worker_{"print"};
};

}  // namespace yimen::kiosk
