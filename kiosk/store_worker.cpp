// StoreWorker: every store write, in order, on one thread.
#include "kiosk/store_worker.h"

#include <exception>

#include "common/log.h"

namespace yimen::kiosk {

StoreWorker::StoreWorker(OnJobFailed onJobFailed) : onJobFailed_(std::move(onJobFailed)) {}

StoreWorker::~StoreWorker() {
    stop();
}

void StoreWorker::start() {
    worker_.start([this](StopToken& self) { loop(self); });
}

bool StoreWorker::post(Job job, bool essential) {
    {
        std::lock_guard lock(mutex_);
        if (closed_)
            return false;
        if (!essential && jobs_.size() >= kMaxQueued) {
            if (droppedJobs_++ % 1000 == 0)
                log::warn("store", "store queue full: a non-essential write was dropped");
            return false;
        }
        jobs_.push_back(std::move(job));
    }
    worker_.wake();
    return true;
}

void StoreWorker::loop(StopToken& self) {
    for (;;) {
        Job job;
        {
            std::lock_guard lock(mutex_);
            if (!jobs_.empty()) {
                job = std::move(jobs_.front());
                jobs_.pop_front();
                running_ = true;
            }
        }
        if (!job) {
            idle_.notify_all();
            if (!self.waitFor(std::chrono::hours(24))) {  // until post() wakes it, or stop
                std::lock_guard lock(mutex_);
                if (jobs_.empty())
                    return;
            }
            continue;
        }
        std::string failure;
        try {
            job();
        } catch (const std::exception& e) {
            failure = e.what();
        } catch (...) {
            failure = "an exception of unknown type";
        }
        job = nullptr;
        {
            std::lock_guard lock(mutex_);
            running_ = false;
        }
        idle_.notify_all();
        if (!failure.empty()) {
            log::error("store", "a store write failed: " + failure);
            if (onJobFailed_)
                onJobFailed_(failure);
        }
    }
}

bool StoreWorker::drain(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return idle_.wait_for(lock, timeout, [&] { return jobs_.empty() && !running_; });
}

void StoreWorker::stop() {
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
    }
    worker_.stop();
}

std::size_t StoreWorker::depth() {
    std::lock_guard lock(mutex_);
    return jobs_.size() + (running_ ? 1 : 0);
}

}  // namespace yimen::kiosk
