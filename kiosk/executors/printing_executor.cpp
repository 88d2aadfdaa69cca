// PrintingExecutor: the print ledger's steps around each receipt, and the reprint the ledger allows.
#include "kiosk/executors/printing_executor.h"


#include "common/log.h"
#include "kiosk/executors/stored_receipt.h"
#include "kiosk/core/privacy.h"

namespace yimen::kiosk {
namespace {

constexpr const char* kLog = "app";

}  // namespace

PrintingExecutor::PrintingExecutor(drivers::ReceiptPrinter& printer, Store store, AuditExecutor& audit,
                                   DeviceHealthExecutor& health, int utcOffsetMinutes, ExecutorWiring wiring)
    : store_(store),
      audit_(audit),
      utcOffsetMinutes_(utcOffsetMinutes),
      wiring_(std::move(wiring)),
      printer_(printer, store_.ledger,
               PrintExecutor::Wiring{wiring_.post,
                                     [board = &health](const Status& outcome) {
                                         board->report(drivers::config::DeviceKind::receiptPrinter, outcome);
                                     },
                                     systemWallMs}) {}

void PrintingExecutor::start() {
    printer_.start();
}

void PrintingExecutor::stop() {
    printer_.stop();
}

void PrintingExecutor::reportUnprinted() {
    auto unprinted = store_.ledger.unprinted();
    if (!unprinted) {
        log::error(kLog, "print ledger unreadable: " + unprinted.error().message);
        return;
    }
    for (const auto& entry : *unprinted) {
        log::warn(kLog, "receipt " + entry.receiptNo + " was " + store::toString(entry.stage) +
                            " but never printed; it can be reprinted");
        if (auto ok =
                store_.audit.append("kiosk", "receipt_unprinted",
                                    entry.receiptNo + " " + store::toString(entry.stage), wiring_.wallMs());
            !ok)
            log::warn(kLog, "audit: " + ok.error().message);
    }
}

void PrintingExecutor::print(const ReceiptInfo& receipt) {
    // The receipt screen is on: record it before anything can go wrong with the paper.
    store_.worker.post(
        [this, receiptNo = receipt.receiptNo, now = wiring_.wallMs()] {
            log::info(kLog, "receipt " + receiptNo + " shown");
            if (auto ok = store_.ledger.shown(receiptNo, now); !ok)
                log::error(kLog, "print ledger: " + ok.error().message);
        },
        true);
    printer_.printForSession(receipt);
}

void PrintingExecutor::forgetAfterQueued() {
    printer_.forgetAfterQueued();
}

Status PrintingExecutor::reprint(const std::string& receiptNo) {
    auto entry = store_.ledger.find(receiptNo);
    if (!entry)
        return entry.error();
    if (!*entry)
        return fail(ErrorCode::notFound, "receipt " + receiptNo + " is not in the print ledger");
    if ((*entry)->stage == store::PrintStage::printed)
        return fail(ErrorCode::conflict, "receipt " + receiptNo + " is printed already");
    auto found = store_.receipts.find(receiptNo);
    if (!found)
        return found.error();
    if (!*found)
        return fail(ErrorCode::notFound, "no receipt " + receiptNo);
    ReceiptInfo info = toReceiptInfo(**found, utcOffsetMinutes_);
    secureClear((*found)->queryCode);
    audit_.append("technician", "receipt_reprint", receiptNo);
    return printer_.reprint(std::move(info));
}

Status PrintingExecutor::probe() {
    return printer_.probe();
}

std::size_t PrintingExecutor::held() {
    return printer_.held();
}

}  // namespace yimen::kiosk
