// The audit trail: who did what on this terminal, append-only, ID numbers always masked.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"
#include "kiosk/store/database.h"

namespace yimen::kiosk::store {

struct AuditEntry {
    std::int64_t atMs = 0;
    std::string actor;   // "technician", "citizen", "fleet", ...
    std::string action;  // "outbox.retry", "maintenance.enter", ...
    std::string detail;
};

// Entries can be added and read, never changed or removed: the schema refuses UPDATE and DELETE.
// actor, action and detail pass through scrubIdNumbers before they are stored. Borrows db. Thread-safe.
class AuditLog {
public:
    explicit AuditLog(Database& db);

    // Committed when it returns. Errors: invalidInput for an empty actor or action, database.
    [[nodiscard]] Status append(const std::string& actor, const std::string& action,
                                const std::string& detail, std::int64_t nowMs);
    // The latest `limit` entries, newest first. invalidInput for a negative limit.
    [[nodiscard]] Expected<std::vector<AuditEntry>> recent(int limit);

private:
    Database& db_;
};

}  // namespace yimen::kiosk::store
