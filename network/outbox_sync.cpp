// The outbox sync: backoff, classification of one delivery, and the worker thread that drains the queue.
#include "network/outbox_sync.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>

#include "common/crash_point.h"
#include "common/log.h"

namespace yimen::network {
namespace {

constexpr const char* kComponent = "outbox";
constexpr int kBatchLimit = 20;
// The worker looks at the queue at least this often, so entries scheduled by an earlier run are not missed.
constexpr std::chrono::milliseconds kPollInterval{1000};

std::int64_t systemNowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::int64_t steadyNowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

const char* kindName(OutboxKind kind) {
    return kind == OutboxKind::application ? "application" : "rating";
}

std::string describeEntry(const OutboxEntry& entry) {
    return std::string(kindName(entry.kind)) + " #" + std::to_string(entry.id) +
           (entry.receiptNo.empty() ? std::string() : " (" + entry.receiptNo + ")");
}

// The delivery and its bookkeeping; `recorded` is false when the queue could not store the outcome.
DeliveryReport deliverAndRecord(OutboxQueue& queue, PlatformApi& api, const OutboxEntry& entry,
                                const BackoffPolicy& policy, std::mt19937_64& rng, std::int64_t nowMs,
                                bool& recorded) {
    DeliveryReport report;
    report.entryId = entry.id;
    report.kind = entry.kind;
    report.receiptNo = entry.receiptNo;

    const WriteOutcome outcome =
        entry.kind == OutboxKind::application
            ? api.createApplication(entry.idempotencyKey, entry.receiptNo, entry.payloadJson)
            : api.submitRating(entry.idempotencyKey, entry.payloadJson);
    Status stored;
    if (outcome.delivered) {
        report.result = DeliveryReport::Result::delivered;
        crashPoint("after-post");
        stored = queue.markDelivered(entry.id, outcome.responseJson);
        if (stored)
            log::info(kComponent, "delivered " + describeEntry(entry));
    } else if (outcome.permanent()) {
        const ApiError& refused = *outcome.refused;
        report.result = DeliveryReport::Result::failed;
        report.message = refused.message;
        const std::string kept = refused.code + ": " + refused.message;
        stored = queue.markFailed(entry.id, kept);
        // A refused application has a receipt in a citizen's hand: it needs a person.
        if (stored && entry.kind == OutboxKind::application)
            log::error(kComponent, "the platform refused " + describeEntry(entry) +
                                       " after its receipt was issued; kept for a technician: " + kept);
        else if (stored)
            log::warn(kComponent, "the platform refused " + describeEntry(entry) + " for good: " + kept);
    } else {
        if (outcome.refused)
            report.message = "HTTP " + std::to_string(outcome.refused->httpStatus) + " " +
                             outcome.refused->code + ": " + outcome.refused->message;
        else if (outcome.transport)
            report.message = outcome.transport->describe();
        else
            report.message = "the platform gave no answer";
        report.result = DeliveryReport::Result::retrying;
        const auto delay = backoffDelay(policy, entry.attempts + 1, rng);
        report.nextAttemptMs = nowMs + delay.count();
        stored = queue.markRetry(entry.id, report.nextAttemptMs, report.message);
        if (stored)
            log::info(kComponent, "will retry " + describeEntry(entry) + " in " +
                                      std::to_string(delay.count()) + " ms: " + report.message);
    }
    recorded = stored.hasValue();
    if (!recorded) {
        log::error(kComponent,
                   "recording the outcome of " + describeEntry(entry) + ": " + stored.error().describe());
        // Not stored means the entry is still due: it will be sent again, and its idempotency key makes
        // the platform answer with the first result. Until then it is not final.
        if (report.result != DeliveryReport::Result::retrying) {
            report.result = DeliveryReport::Result::retrying;
            report.message = "recording the outcome: " + stored.error().message;
        }
    }
    return report;
}

}  // namespace

std::chrono::milliseconds backoffDelay(const BackoffPolicy& policy, int attempts, std::mt19937_64& rng) {
    const int exponent = std::clamp(attempts - 1, 0, 62);
    const double maximum = static_cast<double>(std::max<std::int64_t>(0, policy.maximum.count()));
    const double initial = static_cast<double>(std::max<std::int64_t>(0, policy.initial.count()));
    double delay = std::min(maximum, initial * std::ldexp(1.0, exponent));
    const double jitter = std::abs(policy.jitter);
    if (jitter > 0) {
        std::uniform_real_distribution<double> spread(-jitter, jitter);
        delay *= 1.0 + spread(rng);
    }
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::max(0.0, std::round(delay))));
}

std::chrono::milliseconds longestDelay(const BackoffPolicy& policy) {
    const double maximum = static_cast<double>(std::max<std::int64_t>(0, policy.maximum.count()));
    return std::chrono::milliseconds(
        static_cast<std::int64_t>(std::ceil(maximum * (1.0 + std::abs(policy.jitter)))) + 1);
}

DeliveryReport deliverOne(OutboxQueue& queue, PlatformApi& api, const OutboxEntry& entry,
                          const BackoffPolicy& policy, std::mt19937_64& rng, std::int64_t nowMs) {
    bool recorded = false;
    return deliverAndRecord(queue, api, entry, policy, rng, nowMs, recorded);
}

OutboxSync::OutboxSync(OutboxQueue& queue, PlatformApi& api, BackoffPolicy policy,
                       std::function<void(const DeliveryReport&)> onReport, Clock clock, Clock steadyClock)
    : queue_(queue),
      api_(api),
      policy_(policy),
      onReport_(std::move(onReport)),
      clock_(clock ? std::move(clock) : Clock(systemNowMs)),
      steadyClock_(steadyClock ? std::move(steadyClock) : Clock(steadyNowMs)),
      rng_(std::random_device{}()) {}

OutboxSync::~OutboxSync() {
    stop();
}

void OutboxSync::start() {
    std::lock_guard lock(mutex_);
    if (worker_ && !worker_->stopRequested())
        return;
    worker_.reset();  // a stopped sync starts again on a fresh thread
    worker_ = std::make_unique<Worker>("outbox-sync");
    worker_->start([this](StopToken& stop) { run(stop); });
}

void OutboxSync::stop() {
    std::unique_ptr<Worker> worker;
    {
        std::lock_guard lock(mutex_);
        worker = std::move(worker_);
    }
    if (worker)
        worker->stop();
}

void OutboxSync::poke() {
    std::lock_guard lock(mutex_);
    if (worker_)
        worker_->wake();
}

void OutboxSync::beforeEachPass(std::function<void()> hook) {
    std::lock_guard lock(mutex_);
    beforePass_ = std::move(hook);
}

std::int64_t OutboxSync::now() {
    const std::int64_t steady = steadyClock_();
    const std::int64_t wall = clock_();
    if (!anchored_ || wall > steady + steadyOffset_) {
        anchored_ = true;
        steadyOffset_ = wall - steady;
    }
    return steady + steadyOffset_;
}

void OutboxSync::run(StopToken& stop) {
    int queueFailures = 0;
    while (!stop.stopRequested()) {
        std::chrono::milliseconds wait = kPollInterval;
        try {
            std::function<void()> hook;
            {
                std::lock_guard lock(mutex_);
                hook = beforePass_;
            }
            // The hook's failure must not cost the deliveries of this pass.
            try {
                if (hook)
                    hook();
            } catch (const std::exception& e) {
                log::error(kComponent, std::string("before-pass hook failed: ") + e.what());
            }
            if (auto kept = queue_.housekeeping(clock_()); !kept)
                log::error(kComponent, "outbox housekeeping: " + kept.error().describe());
            auto due = queue_.due(now(), kBatchLimit, longestDelay(policy_).count());
            if (!due) {
                ++queueFailures;
                wait = backoffDelay(policy_, queueFailures, rng_);
                log::error(kComponent, "reading the outbox: " + due.error().describe());
            } else {
                bool allRecorded = true;
                std::int64_t earliestRetry = std::numeric_limits<std::int64_t>::max();
                for (const OutboxEntry& entry : *due) {
                    if (stop.stopRequested())
                        return;
                    bool recorded = false;
                    const DeliveryReport report =
                        deliverAndRecord(queue_, api_, entry, policy_, rng_, now(), recorded);
                    allRecorded = allRecorded && recorded;
                    if (report.result == DeliveryReport::Result::retrying && recorded)
                        earliestRetry = std::min(earliestRetry, report.nextAttemptMs);
                    if (onReport_) {
                        try {
                            onReport_(report);
                        } catch (const std::exception& e) {
                            log::error(kComponent,
                                       std::string("delivery report handler failed: ") + e.what());
                        }
                    }
                }
                if (!allRecorded) {
                    ++queueFailures;
                    wait = backoffDelay(policy_, queueFailures, rng_);
                } else if (static_cast<int>(due->size()) >= kBatchLimit) {
                    queueFailures = 0;
                    wait = std::chrono::milliseconds(0);  // more may be due right now
                } else {
                    queueFailures = 0;
                    if (earliestRetry != std::numeric_limits<std::int64_t>::max())
                        wait = std::clamp(std::chrono::milliseconds(earliestRetry - now()),
                                          std::chrono::milliseconds(0), kPollInterval);
                }
            }
        } catch (const std::exception& e) {
            ++queueFailures;
            wait = backoffDelay(policy_, queueFailures, rng_);
            log::error(kComponent, std::string("outbox sync pass failed: ") + e.what());
        } catch (...) {
            ++queueFailures;
            wait = backoffDelay(policy_, queueFailures, rng_);
            log::error(kComponent, "outbox sync pass failed with an unknown exception");
        }
        if (!stop.waitFor(wait))
            return;
    }
}

}  // namespace yimen::network
