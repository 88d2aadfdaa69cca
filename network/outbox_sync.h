// Delivers outbox entries to the platform on its own thread, with exponential backoff and jitter.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>

#include "common/worker.h"
#include "network/outbox_queue.h"
#include "network/platform_api.h"

namespace yimen::network {

// Reported for every delivery attempt, from the sync thread: the callback must only post to a queue.
struct DeliveryReport {
    enum class Result { delivered, retrying, failed } result = Result::delivered;
    std::int64_t entryId = 0;
    OutboxKind kind = OutboxKind::application;
    std::string receiptNo;
    std::string message;             // the platform's message for failed, the transport error for retrying
    std::int64_t nextAttemptMs = 0;  // for retrying: when the entry is due again (ms since the Unix epoch)
};

struct BackoffPolicy {
    std::chrono::milliseconds initial{2000};
    std::chrono::milliseconds maximum{5 * 60 * 1000};
    double jitter = 0.2;  // +/- fraction applied to each delay
};

// Delay before attempt number `attempts + 1` after `attempts` failures: initial * 2^(attempts-1), capped,
// with jitter drawn from `rng`. Pure, for tests.
std::chrono::milliseconds backoffDelay(const BackoffPolicy& policy, int attempts, std::mt19937_64& rng);

// Classifies one delivery attempt and records it in the queue. Pure apart from the queue; used by the
// worker and directly by tests. Returns the report that was recorded.
DeliveryReport deliverOne(OutboxQueue& queue, PlatformApi& api, const OutboxEntry& entry,
                          const BackoffPolicy& policy, std::mt19937_64& rng, std::int64_t nowMs);

// The longest delay backoffDelay can return under `policy`: a stored next attempt later than now plus this
// was scheduled under a clock that has since been stepped back.
std::chrono::milliseconds longestDelay(const BackoffPolicy& policy);

// Time runs on two clocks. The wall clock (ms since the epoch) is what the queue stores, so a schedule
// survives a restart. Inside the process the sync's "now" never steps back: it advances with the
// monotonic clock and follows the wall clock only forward, so a wall clock stepped back by a day neither
// stalls retries nor delays them; a stored time further ahead than longestDelay() is due (see
// OutboxQueue::due). Every wait is a steady-clock wait.
class OutboxSync {
public:
    using Clock = std::function<std::int64_t()>;  // ms; the wall clock since the epoch, or a monotonic one
    // Borrows queue and api for its lifetime; api is used only on the sync thread. clock is the wall
    // clock, steadyClock a monotonic one (std::chrono::steady_clock when empty); tests inject both.
    OutboxSync(OutboxQueue& queue, PlatformApi& api, BackoffPolicy policy,
               std::function<void(const DeliveryReport&)> onReport, Clock clock = {}, Clock steadyClock = {});
    ~OutboxSync();  // stops the thread quietly
    OutboxSync(const OutboxSync&) = delete;
    OutboxSync& operator=(const OutboxSync&) = delete;

    // Starts the sync thread; a no-op while it runs, a fresh thread after stop().
    void start();
    // Stops and joins the sync thread, waiting for at most one delivery. Idempotent; not from the sync
    // thread.
    void stop();
    // Wakes the thread to look at the queue now (after an enqueue). Any thread.
    void poke();
    // Runs `hook` on the sync thread before each pass (e.g. asking the platform where receipt numbering
    // stands); an exception from it is logged. Call before start().
    void beforeEachPass(std::function<void()> hook);

private:
    void run(StopToken& stop);
    std::int64_t now();  // the sync's clock, on the sync thread only
    OutboxQueue& queue_;
    PlatformApi& api_;
    BackoffPolicy policy_;
    std::function<void(const DeliveryReport&)> onReport_;
    Clock clock_;
    Clock steadyClock_;
    std::function<void()> beforePass_;
    bool anchored_ = false;           // sync thread only
    std::int64_t steadyOffset_ = 0;   // the sync's now minus the steady clock; sync thread only
    std::mutex mutex_;                // guards beforePass_ and worker_
    std::mt19937_64 rng_;             // jitter; used only on the sync thread
    std::unique_ptr<Worker> worker_;  // the sync thread while started
};

}  // namespace yimen::network
