// The audit executor: each audit line written to the store on the store worker, never on the main thread.
#pragma once

#include <string>

#include "kiosk/executors/executor.h"
#include "kiosk/store/audit_log.h"
#include "kiosk/store_worker.h"

namespace yimen::kiosk {

// Borrows the store worker and the audit log. Thread-safe.
class AuditExecutor {
public:
    AuditExecutor(StoreWorker& storeWorker, store::AuditLog& audit, ExecutorWiring wiring);

    // Queues the line, stamped now. A line is not essential: dropped (logged) when the store queue is full;
    // a failed write is logged. Any thread.
    void append(const std::string& actor, const std::string& action, const std::string& detail);

private:
    StoreWorker& storeWorker_;
    store::AuditLog& audit_;
    ExecutorWiring wiring_;
};

}  // namespace yimen::kiosk
