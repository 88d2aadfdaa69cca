// PrintExecutor: receipts to paper, once each, with the ledger as the record.
#include "kiosk/executors/print_executor.h"

#include "common/crash_point.h"
#include "common/log.h"
#include "drivers/health/device_probes.h"
#include "kiosk/core/privacy.h"
#include "kiosk/receipt_layout.h"

namespace yimen::kiosk {

PrintExecutor::PrintExecutor(drivers::ReceiptPrinter& printer, store::PrintLedger& ledger, Wiring wiring)
    : printer_(printer), ledger_(ledger), wiring_(std::move(wiring)) {
    worker_.onDeath([this](const std::string& name, const std::string& what) {
        wiring_.health(Status{Error{ErrorCode::device, "打印线程故障: " + what}});
        wiring_.post(ev::WorkerFailed{name, what});
    });
}

PrintExecutor::~PrintExecutor() {
    stop();
    std::lock_guard lock(mutex_);
    for (auto& job : jobs_) wipeCarried(job.receipt);
}

void PrintExecutor::start() {
    worker_.start([this](StopToken& self) { loop(self); });
}

void PrintExecutor::stop() {
    worker_.stop();
}

bool PrintExecutor::enqueue(Job job) {
    {
        std::lock_guard lock(mutex_);
        if (job.kind != Job::Kind::forget && jobs_.size() >= kMaxJobs) {
            log::error("printer", "print queue full: receipt " + job.receipt.receiptNo +
                                      " not queued; it stays in the print ledger for a reprint");
            wipeCarried(job.receipt);
            return false;
        }
        jobs_.push_back(std::move(job));
    }
    worker_.wake();
    return true;
}

void PrintExecutor::printForSession(ReceiptInfo receipt) {
    if (!enqueue({Job::Kind::session, std::move(receipt)}))
        wiring_.post(ev::PrintFinished{false, "打印队列已满"});
}

Status PrintExecutor::reprint(ReceiptInfo receipt) {
    const std::string receiptNo = receipt.receiptNo;
    if (!enqueue({Job::Kind::reprint, std::move(receipt)}))
        return fail(ErrorCode::conflict, "the print queue is full; receipt " + receiptNo + " was not queued");
    return {};
}

void PrintExecutor::forgetAfterQueued() {
    enqueue({Job::Kind::forget, {}});
}

std::size_t PrintExecutor::held() {
    std::lock_guard lock(mutex_);
    std::size_t n = running_;
    for (const auto& job : jobs_) n += job.kind == Job::Kind::forget ? 0 : 1;
    return n;
}

void PrintExecutor::loop(StopToken& self) {
    // Until a job is queued (enqueue wakes the thread) or stop.
    while (self.waitFor(std::chrono::hours(24))) {
        for (;;) {
            Job job;
            {
                std::lock_guard lock(mutex_);
                if (jobs_.empty())
                    break;
                job = std::move(jobs_.front());
                jobs_.pop_front();
                running_ = job.kind == Job::Kind::forget ? 0 : 1;
            }
            // Whatever happens to the job, its copy of the receipt is wiped.
            struct Done {
                PrintExecutor& e;
                Job& job;
                ~Done() {
                    wipeCarried(job.receipt);
                    std::lock_guard lock(e.mutex_);
                    e.running_ = 0;
                }
            } done{*this, job};
            run(job);
        }
    }
}

void PrintExecutor::run(Job& job) {
    if (job.kind == Job::Kind::forget) {
        std::lock_guard lock(printerMutex_);
        printer_.forgetJobs();
        return;
    }
    const std::string& receiptNo = job.receipt.receiptNo;
    auto known = ledger_.find(receiptNo);
    if (known && *known && (*known)->stage == store::PrintStage::printed) {
        // A retry of a printed receipt: the citizen has it already.
        log::warn("printer", "receipt " + receiptNo + " is printed already; not printed again");
        if (job.kind == Job::Kind::session)
            wiring_.post(ev::PrintFinished{true, ""});
        return;
    }
    const ev::PrintFinished finished = printOne(job.receipt);
    if (finished.ok) {
        crashPoint("after-print");
        if (auto recorded = ledger_.printed(receiptNo, wiring_.wallMs()); !recorded)
            log::error("printer",
                       "receipt " + receiptNo + " printed but not recorded: " + recorded.error().message);
    }
    if (job.kind == Job::Kind::session)
        wiring_.post(finished);
    else
        log::info("printer",
                  "reprint of receipt " + receiptNo + (finished.ok ? " printed" : ": " + finished.message));
}

Status PrintExecutor::probe() {
    std::lock_guard lock(printerMutex_);
    const Status outcome = drivers::health::printerProbe(printer_)();
    wiring_.health(outcome);
    return outcome;
}

ev::PrintFinished PrintExecutor::printOne(const ReceiptInfo& job) {
    std::lock_guard lock(printerMutex_);
    auto bytes = layoutReceipt(job, printer_.widthDots());
    if (!bytes) {
        log::error("printer",
                   "receipt " + job.receiptNo + " could not be laid out: " + bytes.error().message);
        return {false, "回执内容无法打印"};
    }
    struct WipeBytes {
        std::vector<std::uint8_t>& b;
        ~WipeBytes() {
            volatile std::uint8_t* p = b.data();
            for (std::size_t i = 0; i < b.size(); ++i) p[i] = 0;
        }
    } wipeBytes{*bytes};
    auto status = printer_.status();
    wiring_.health(!status              ? Status{status.error()}
                   : status->canPrint() ? Status{}
                                        : Status{Error{ErrorCode::device, status->describe()}});
    if (!status) {
        log::error("printer", "status: " + status.error().message);
        return {false, "打印机无响应"};
    }
    if (!status->canPrint()) {
        log::warn("printer", "receipt " + job.receiptNo + " not printed: " + status->describe());
        return {false, status->describe()};
    }
    auto printed = printer_.print(*bytes);
    wiring_.health(printed);
    if (!printed) {
        log::error("printer", "receipt " + job.receiptNo + ": " + printed.error().message);
        auto after = printer_.status();
        return {false, after && !after->canPrint() ? after->describe() : std::string("打印机故障")};
    }
    log::info("printer", "receipt " + job.receiptNo + " printed");
    return {true, ""};
}

}  // namespace yimen::kiosk
