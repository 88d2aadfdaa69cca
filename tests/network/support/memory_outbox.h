// An in-memory OutboxQueue with the SQLite outbox's semantics, recording every call for the outbox sync
// tests.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "network/outbox_queue.h"

namespace yimen::network::test {

class MemoryOutbox : public OutboxQueue {
public:
    enum class State { pending, delivered, failed };
    struct Record {
        OutboxEntry entry;
        State state = State::pending;
        std::int64_t nextAttemptMs = 0;
        std::string lastError;
        std::string responseJson;
        int deliveredMarks = 0;
        int failedMarks = 0;
        std::vector<std::int64_t> retriesAt;  // every nextAttemptMs given to markRetry, in order
    };

    // Due at once (next attempt time 0). Returns the entry id.
    std::int64_t add(OutboxKind kind, const std::string& idempotencyKey, const std::string& receiptNo,
                     const std::string& payloadJson);
    Record record(std::int64_t id) const;
    // The next `count` calls to due() fail as a broken database would.
    void failNextDueCalls(int count);
    int dueCalls() const;

    Expected<std::vector<OutboxEntry>> due(std::int64_t nowMs, int limit, std::int64_t horizonMs) override;
    Status markDelivered(std::int64_t id, const std::string& responseJson) override;
    Status markRetry(std::int64_t id, std::int64_t nextAttemptMs, const std::string& error) override;
    Status markFailed(std::int64_t id, const std::string& error) override;

private:
    mutable std::mutex mutex_;
    std::map<std::int64_t, Record> records_;
    std::int64_t nextId_ = 1;
    int dueFailures_ = 0;
    int dueCalls_ = 0;
};

}  // namespace yimen::network::test
