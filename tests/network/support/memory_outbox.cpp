// The in-memory outbox: due entries oldest first, delivered entries lose their payload, failed ones stay.
#include "memory_outbox.h"

namespace yimen::network::test {

std::int64_t MemoryOutbox::add(OutboxKind kind, const std::string& idempotencyKey,
                               const std::string& receiptNo, const std::string& payloadJson) {
    std::lock_guard lock(mutex_);
    const std::int64_t id = nextId_++;
    Record& r = records_[id];
    r.entry.id = id;
    r.entry.kind = kind;
    r.entry.idempotencyKey = idempotencyKey;
    r.entry.receiptNo = receiptNo;
    r.entry.payloadJson = payloadJson;
    return id;
}

MemoryOutbox::Record MemoryOutbox::record(std::int64_t id) const {
    std::lock_guard lock(mutex_);
    auto it = records_.find(id);
    return it == records_.end() ? Record{} : it->second;
}

void MemoryOutbox::failNextDueCalls(int count) {
    std::lock_guard lock(mutex_);
    dueFailures_ = count;
}

int MemoryOutbox::dueCalls() const {
    std::lock_guard lock(mutex_);
    return dueCalls_;
}

Expected<std::vector<OutboxEntry>> MemoryOutbox::due(std::int64_t nowMs, int limit, std::int64_t horizonMs) {
    std::lock_guard lock(mutex_);
    ++dueCalls_;
    if (dueFailures_ > 0) {
        --dueFailures_;
        return fail(ErrorCode::database, "database is locked");
    }
    std::vector<OutboxEntry> entries;
    for (const auto& [id, r] : records_) {
        if (static_cast<int>(entries.size()) >= limit)
            break;
        if (r.state == State::pending && (r.nextAttemptMs <= nowMs || r.nextAttemptMs > nowMs + horizonMs))
            entries.push_back(r.entry);
    }
    return entries;
}

Status MemoryOutbox::markDelivered(std::int64_t id, const std::string& responseJson) {
    std::lock_guard lock(mutex_);
    auto it = records_.find(id);
    if (it == records_.end())
        return fail(ErrorCode::notFound, "no outbox entry " + std::to_string(id));
    Record& r = it->second;
    r.state = State::delivered;
    r.entry.payloadJson.clear();
    r.responseJson = responseJson;
    ++r.entry.attempts;
    ++r.deliveredMarks;
    return {};
}

Status MemoryOutbox::markRetry(std::int64_t id, std::int64_t nextAttemptMs, const std::string& error) {
    std::lock_guard lock(mutex_);
    auto it = records_.find(id);
    if (it == records_.end())
        return fail(ErrorCode::notFound, "no outbox entry " + std::to_string(id));
    Record& r = it->second;
    ++r.entry.attempts;
    r.nextAttemptMs = nextAttemptMs;
    r.lastError = error;
    r.retriesAt.push_back(nextAttemptMs);
    return {};
}

Status MemoryOutbox::markFailed(std::int64_t id, const std::string& error) {
    std::lock_guard lock(mutex_);
    auto it = records_.find(id);
    if (it == records_.end())
        return fail(ErrorCode::notFound, "no outbox entry " + std::to_string(id));
    Record& r = it->second;
    r.state = State::failed;
    r.lastError = error;
    ++r.entry.attempts;
    ++r.failedMarks;
    return {};
}

}  // namespace yimen::network::test
