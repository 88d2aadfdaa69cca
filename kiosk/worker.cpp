// Worker: a thread whose death is reported and followed by a restart, never by silence.
#include "kiosk/worker.h"

#include <algorithm>
#include <exception>

#include "common/log.h"

namespace yimen::kiosk {

Worker::Worker(std::string name, std::chrono::milliseconds firstBackoff, std::chrono::milliseconds maxBackoff)
    : name_(std::move(name)), firstBackoff_(firstBackoff), maxBackoff_(maxBackoff) {}

Worker::~Worker() {
    stop();
}

void Worker::start(Body body) {
    thread_ = std::thread([this, body = std::move(body)] { run(body); });
}

void Worker::run(const Body& body) {
    auto backoff = firstBackoff_;
    for (;;) {
        const auto started = std::chrono::steady_clock::now();
        std::string what;
        try {
            body(*this);
            return;  // body returns only when stopping
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
            what = "an exception of unknown type";
        }
        if (stopping())
            return;
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

bool Worker::waitFor(std::chrono::milliseconds d) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, d, [&] { return stopping_ || woken_; });
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

void Worker::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id())
        thread_.join();
}

bool Worker::stopping() {
    std::lock_guard lock(mutex_);
    return stopping_;
}

int Worker::restarts() {
    std::lock_guard lock(mutex_);
    return restarts_;
}

}  // namespace yimen::kiosk
