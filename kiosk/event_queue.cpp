// The one event queue, bounded with a rule per event kind.
#include "kiosk/event_queue.h"

#include "common/log.h"

namespace yimen::kiosk {

WhenFull whenFull(const Event& event) {
    if (std::holds_alternative<ev::ApplicationQueued>(event) ||
        std::holds_alternative<ev::ApplicationSaveFailed>(event) ||
        std::holds_alternative<ev::DeliveryReported>(event) ||
        std::holds_alternative<ev::PrintFinished>(event) || std::holds_alternative<ev::WorkerFailed>(event) ||
        std::holds_alternative<ev::CatalogLoaded>(event))
        return WhenFull::always;
    return WhenFull::drop;
}

EventQueue::EventQueue(std::size_t capacity) : capacity_(capacity) {}

bool EventQueue::post(Event event) {
    std::size_t droppedNow = 0;
    std::shared_ptr<const std::function<void()>> wake;
    {
        std::lock_guard lock(mutex_);
        wake = wake_;
        if (closed_)
            return false;
        if (events_.size() >= capacity_ && whenFull(event) == WhenFull::drop) {
            droppedNow = ++dropped_;
        } else {
            events_.push_back(std::move(event));
        }
    }
    if (droppedNow == 0) {
        ready_.notify_one();
        if (wake)
            (*wake)();
        return true;
    }
    if (auto* card = std::get_if<ev::CardRead>(&event))
        card->identity.wipe();
    // The first drop, then one line per thousand: a flood must not flood the log too.
    if (droppedNow == 1 || droppedNow % 1000 == 0)
        log::warn("queue", std::string("event queue full: dropped ") + eventName(event) + " (" +
                               std::to_string(droppedNow) + " dropped so far)");
    return false;
}

void EventQueue::setWakeHandler(std::function<void()> wake) {
    auto handler = wake ? std::make_shared<const std::function<void()>>(std::move(wake)) : nullptr;
    std::lock_guard lock(mutex_);
    wake_ = std::move(handler);
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

std::size_t EventQueue::dropped() const {
    std::lock_guard lock(mutex_);
    return dropped_;
}

}  // namespace yimen::kiosk
