// The timer thread behind PeriodicTask: a condition variable wait, so stop() wakes it at once.
#include "platform/periodic_task.h"

#include <exception>

#include "common/log.h"

namespace yimen::platform {

PeriodicTask::PeriodicTask(std::string name, std::chrono::milliseconds interval, std::function<void()> job)
    : name_(std::move(name)), interval_(interval), job_(std::move(job)), thread_([this] { run(); }) {}

PeriodicTask::~PeriodicTask() {
    stop();
}

void PeriodicTask::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable())
        thread_.join();
}

void PeriodicTask::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        if (wake_.wait_for(lock, interval_, [this] { return stopping_; }))
            return;
        lock.unlock();
        try {
            job_();
        } catch (const std::exception& e) {
            log::error(name_, std::string("the periodic job failed: ") + e.what());
        }
        lock.lock();
    }
}

}  // namespace yimen::platform
