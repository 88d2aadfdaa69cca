// The store worker: the one thread that writes to the kiosk's store, so the UI thread never waits on a disk
// or on a database another process holds.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>

#include "common/worker.h"

namespace yimen::kiosk {

// Runs jobs one at a time, in the order they were posted, on its own thread. A job reports its outcome
// itself (as an event); an exception from a job is contained: logged and passed to onJobFailed, and the
// next job runs. Thread-safe.
class StoreWorker {
public:
    using Job = std::function<void()>;
    using OnJobFailed = std::function<void(const std::string& what)>;
    // Jobs that may be dropped (an audit line) are refused past this many waiting; essential ones never are.
    static constexpr std::size_t kMaxQueued = 4096;

    explicit StoreWorker(OnJobFailed onJobFailed = {});
    ~StoreWorker();  // runs what is queued, then stops
    StoreWorker(const StoreWorker&) = delete;
    StoreWorker& operator=(const StoreWorker&) = delete;

    void start();
    // Queues `job`. essential: a commit, a rating, a print ledger step: never dropped. Otherwise dropped
    // (false, logged) when kMaxQueued jobs are waiting. Any thread.
    bool post(Job job, bool essential);
    // Waits until every job posted before the call has run; false after `timeout`. Not from a job.
    bool drain(std::chrono::milliseconds timeout);
    // Runs what is queued and stops the thread; later posts are refused. Idempotent.
    void stop();
    std::size_t depth();

private:
    void loop(StopToken& self);

    OnJobFailed onJobFailed_;
    std::mutex mutex_;
    std::condition_variable idle_;
    std::deque<Job> jobs_;
    bool running_ = false;  // a job is being run
    bool closed_ = false;
    std::size_t droppedJobs_ = 0;
    Worker worker_{"store"};
};

}  // namespace yimen::kiosk
