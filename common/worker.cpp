// Worker and PeriodicTask: a thread whose wait ends at once on stop, whose death is reported and followed
// by a restart, never by silence.
#include "common/worker.h"

#include <pthread.h>

#include <algorithm>
#include <exception>

#include "common/log.h"

namespace yimen {

bool StopToken::waitFor(std::chrono::steady_clock::duration d) {
    return worker_.waitUntil(std::chrono::steady_clock::now() + d);
}

bool StopToken::waitUntil(std::chrono::steady_clock::time_point deadline) {
    return worker_.waitUntil(deadline);
}

bool StopToken::stopRequested() const {
    return worker_.stopRequested();
}

Worker::Worker(std::string name, std::chrono::milliseconds firstBackoff, std::chrono::milliseconds maxBackoff)
    : name_(std::move(name)), firstBackoff_(firstBackoff), maxBackoff_(maxBackoff) {}

Worker::~Worker() {
    stop();
}

void Worker::start(Loop loop) {
    thread_ = std::thread([this, loop = std::move(loop)] {
        // The name shows in top, ps -L and a core's thread list (at most 15 bytes).
        pthread_setname_np(pthread_self(), name_.substr(0, 15).c_str());
        run(loop);
    });
}

void Worker::run(const Loop& loop) {
    StopToken token(*this);
    auto backoff = firstBackoff_;
    for (;;) {
        const auto started = std::chrono::steady_clock::now();
        std::string what;
        try {
            loop(token);
            return;  // the loop returns only when stopping
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
            what = "an exception of unknown type";
        }
        {
            std::lock_guard lock(mutex_);
            lastFailure_ = what;
            if (stopping_)
                return;
        }
        log::error("worker", name_ + " thread died: " + what + "; restarting");
        if (onDeath_) {
            try {
                onDeath_(name_, what);
            } catch (...) {
                log::error("worker", name_ + ": the death report itself failed");
            }
        }
        if (std::chrono::steady_clock::now() - started > std::chrono::minutes(1))
            backoff = firstBackoff_;
        {
            std::unique_lock lock(mutex_);
            if (cv_.wait_for(lock, backoff, [&] { return stopping_; }))
                return;
            ++restarts_;
            woken_ = false;
        }
        backoff = std::min(maxBackoff_, backoff * 2);
    }
}

bool Worker::waitUntil(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    cv_.wait_until(lock, deadline, [&] { return stopping_ || woken_; });
    woken_ = false;
    return !stopping_;
}

void Worker::wake() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    cv_.notify_all();
}

void Worker::requestStop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
}

void Worker::stop() {
    requestStop();
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id())
        thread_.join();
}

bool Worker::stopRequested() const {
    std::lock_guard lock(mutex_);
    return stopping_;
}

int Worker::restarts() const {
    std::lock_guard lock(mutex_);
    return restarts_;
}

std::optional<std::string> Worker::lastFailure() const {
    std::lock_guard lock(mutex_);
    return lastFailure_;
}

PeriodicTask::PeriodicTask(std::string name, std::chrono::milliseconds period, std::function<void()> job)
    : name_(std::move(name)), period_(period), job_(std::move(job)), worker_(name_) {
    worker_.start([this](StopToken& stop) {
        // Nothing wakes this worker but stop(), so each wait lasts a whole period.
        while (stop.waitFor(period_)) {
            {
                std::lock_guard lock(mutex_);
                ++runs_;
            }
            try {
                job_();
            } catch (const std::exception& e) {
                log::error(name_, std::string("the periodic job failed: ") + e.what());
            } catch (...) {
                log::error(name_, "the periodic job failed: an exception of unknown type");
            }
        }
    });
}

PeriodicTask::~PeriodicTask() {
    stop();
}

void PeriodicTask::stop() {
    worker_.stop();
}

std::int64_t PeriodicTask::runs() const {
    std::lock_guard lock(mutex_);
    return runs_;
}

}  // namespace yimen
