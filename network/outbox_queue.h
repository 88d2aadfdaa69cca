// What the outbox sync needs from durable storage. Implemented by kiosk's SQLite outbox.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"

namespace yimen::network {

enum class OutboxKind { application, rating };

// One pending write, decrypted for delivery.
struct OutboxEntry {
    std::int64_t id = 0;
    OutboxKind kind = OutboxKind::application;
    std::string idempotencyKey;
    std::string receiptNo;
    std::string payloadJson;  // personal data: held only while delivering
    int attempts = 0;
};

// Must be safe to call from the sync thread while the main thread enqueues.
class OutboxQueue {
public:
    virtual ~OutboxQueue() = default;
    // Pending entries whose next attempt time is at or before `nowMs` (milliseconds since the Unix epoch),
    // oldest first. An entry whose next attempt time is later than nowMs + horizonMs was scheduled under a
    // clock that has since been stepped back (no backoff is that long): it is due too, so a clock set back
    // by a day never stalls delivery for a day.
    [[nodiscard]] virtual Expected<std::vector<OutboxEntry>> due(std::int64_t nowMs, int limit,
                                                                 std::int64_t horizonMs) = 0;
    // The platform acknowledged: purge the personal payload, keep the bookkeeping.
    [[nodiscard]] virtual Status markDelivered(std::int64_t id, const std::string& responseJson) = 0;
    // Transient failure: try again at `nextAttemptMs`.
    [[nodiscard]] virtual Status markRetry(std::int64_t id, std::int64_t nextAttemptMs,
                                           const std::string& error) = 0;
    // Permanent failure: kept for a technician with the platform's code and message, never retried
    // automatically. For an application it needs a person: the implementation keeps the sealed payload,
    // logs at error level and records it where a technician looks.
    [[nodiscard]] virtual Status markFailed(std::int64_t id, const std::string& error) = 0;
    // Bookkeeping the sync runs before each pass on its own thread (e.g. the retention of failed entries).
    // An error is logged and the pass goes on.
    [[nodiscard]] virtual Status housekeeping(std::int64_t nowMs) {
        (void)nowMs;
        return {};
    }
};

}  // namespace yimen::network
