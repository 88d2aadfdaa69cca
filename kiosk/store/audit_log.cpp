// The audit log on SQLite.
#include "kiosk/store/audit_log.h"

#include "common/id_number.h"

namespace yimen::kiosk::store {

AuditLog::AuditLog(Database& db) : db_(db) {}

Status AuditLog::append(const std::string& actor, const std::string& action, const std::string& detail,
                        std::int64_t nowMs) {
    if (actor.empty() || action.empty())
        return fail(ErrorCode::invalidInput, "auditing: an entry needs an actor and an action");
    auto appended =
        db_.execute("INSERT INTO audit_log (at_ms, actor, action, detail) VALUES (?, ?, ?, ?)",
                    {nowMs, scrubIdNumbers(actor), scrubIdNumbers(action), scrubIdNumbers(detail)});
    if (!appended)
        return appended.error().withContext("auditing " + scrubIdNumbers(action));
    return {};
}

Expected<std::vector<AuditEntry>> AuditLog::recent(int limit) {
    if (limit < 0)
        return fail(ErrorCode::invalidInput, "reading the audit log: negative limit");
    std::vector<AuditEntry> entries;
    auto read = db_.query("SELECT at_ms, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?",
                          {std::int64_t{limit}}, [&](const Row& row) {
                              entries.push_back({row.integer(0), row.text(1), row.text(2), row.text(3)});
                          });
    if (!read)
        return read.error().withContext("reading the audit log");
    return entries;
}

}  // namespace yimen::kiosk::store
