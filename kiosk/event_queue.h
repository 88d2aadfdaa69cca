// The one event queue: device, network and timer threads post; the main thread takes.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "kiosk/core/event.h"

namespace yimen::kiosk {

// What a full queue does with an event of that kind.
enum class WhenFull {
    drop,    // a later one of its kind says as much or more (a tick, a health change), or the citizen taps
             // again: dropped and counted
    always,  // a result that nothing would repeat (a commit's outcome, a delivery, a print, a worker's
             // death): queued past the bound; its producers are themselves bounded by the citizen's pace
};
WhenFull whenFull(const Event& event);

// Thread-safe. post() never blocks for long and never throws past its caller's thread.
// Bounded: at most `capacity` events wait, except the `always` kinds, which are never dropped.
// The loop that takes may wait elsewhere (the window's event wait): the wake handler tells it that an event
// is waiting.
class EventQueue {
public:
    static constexpr std::size_t kDefaultCapacity = 1024;

    explicit EventQueue(std::size_t capacity = kDefaultCapacity);

    // Queues the event; false when it was dropped (the queue is full or closed). A dropped CardRead's
    // identity is wiped. After an event is queued, calls the wake handler on the posting thread.
    bool post(Event event);
    // Replaces the wake handler (nullptr: none). It is called from any posting thread, outside the queue's
    // lock, and must not block or throw. A post already under way may still call the old handler once (it
    // is kept alive until then). Any thread.
    void setWakeHandler(std::function<void()> wake);
    // Waits up to `timeout` for the next event; nullopt on timeout or after close().
    std::optional<Event> take(std::chrono::milliseconds timeout);
    // Takes an event if one is waiting, without blocking.
    std::optional<Event> tryTake();
    // Wakes every waiting taker; later posts are dropped.
    void close();
    std::size_t size() const;
    // Events dropped because the queue was full, since it was made.
    std::size_t dropped() const;

private:
    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<Event> events_;
    std::shared_ptr<const std::function<void()>> wake_;
    std::size_t dropped_ = 0;
    bool closed_ = false;
};

}  // namespace yimen::kiosk
