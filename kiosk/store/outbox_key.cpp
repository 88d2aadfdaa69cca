// Opening the outbox key without ever replacing a lost one under sealed entries.
#include "kiosk/store/outbox_key.h"

#include <cstdint>

#include "common/log.h"

namespace yimen::kiosk::store {

Expected<SealedBox> openOutboxKey(Database& db, const std::string& keyPath) {
    auto loaded = SealedBox::loadKey(keyPath);
    if (loaded || loaded.error().code != ErrorCode::notFound)
        return loaded;

    std::int64_t sealed = 0;
    if (auto counted = db.query("SELECT COUNT(*) FROM outbox WHERE sealed_payload IS NOT NULL "
                                "AND state IN ('pending', 'failed')",
                                {}, [&](const Row& row) { sealed = row.integer(0); });
        !counted)
        return counted.error().withContext("opening the outbox key");
    if (sealed > 0) {
        const std::string message = "the outbox key " + keyPath + " is missing while " +
                                    std::to_string(sealed) +
                                    " sealed outbox entries need it; no new key is made over them. Restore "
                                    "the key file; the database is left as it is";
        log::error("outbox", message);
        return fail(ErrorCode::notFound, message);
    }
    return SealedBox::loadOrCreateKey(keyPath);
}

}  // namespace yimen::kiosk::store
