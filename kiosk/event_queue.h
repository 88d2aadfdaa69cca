// The one event queue: device, network and timer threads post; the main thread takes.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

#include "kiosk/event.h"

namespace yimen::kiosk {

// Thread-safe. post() never blocks for long and never throws past its caller's thread.
class EventQueue {
public:
    void post(Event event);
    // Waits up to `timeout` for the next event; nullopt on timeout or after close().
    std::optional<Event> take(std::chrono::milliseconds timeout);
    // Takes an event if one is waiting, without blocking.
    std::optional<Event> tryTake();
    // Wakes every waiting taker; later posts are dropped.
    void close();
    std::size_t size() const;

private:
    mutable std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<Event> events_;
    bool closed_ = false;
};

}  // namespace yimen::kiosk
