// AuditExecutor: audit lines go through the store worker, in order with the commits.
#include "kiosk/executors/audit_executor.h"

#include "common/log.h"

namespace yimen::kiosk {

AuditExecutor::AuditExecutor(StoreWorker& storeWorker, store::AuditLog& audit, ExecutorWiring wiring)
    : storeWorker_(storeWorker), audit_(audit), wiring_(std::move(wiring)) {}

void AuditExecutor::append(const std::string& actor, const std::string& action, const std::string& detail) {
    storeWorker_.post(
        [this, actor, action, detail, at = wiring_.wallMs()] {
            if (auto ok = audit_.append(actor, action, detail, at); !ok)
                log::error("app", "audit: " + ok.error().message);
        },
        false);
}

}  // namespace yimen::kiosk
