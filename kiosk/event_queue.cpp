// The one event queue.
#include "kiosk/event_queue.h"

namespace yimen::kiosk {

void EventQueue::post(Event event) {
    {
        std::lock_guard lock(mutex_);
        if (closed_)
            return;
        events_.push_back(std::move(event));
    }
    ready_.notify_one();
}

std::optional<Event> EventQueue::take(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (!ready_.wait_for(lock, timeout, [&] { return closed_ || !events_.empty(); }))
        return std::nullopt;
    if (events_.empty())
        return std::nullopt;
    Event e = std::move(events_.front());
    events_.pop_front();
    return e;
}

std::optional<Event> EventQueue::tryTake() {
    return take(std::chrono::milliseconds(0));
}

void EventQueue::close() {
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
    }
    ready_.notify_all();
}

std::size_t EventQueue::size() const {
    std::lock_guard lock(mutex_);
    return events_.size();
}

}  // namespace yimen::kiosk
