// Tests for kiosk/event_queue: events from other threads arrive in order, and close() wakes the taker.
#include "kiosk/event_queue.h"

#include <catch2/catch.hpp>
#include <thread>

using namespace yimen::kiosk;
using namespace std::chrono_literals;

TEST_CASE("events posted from another thread arrive in the order they were posted", "[queue]") {
    EventQueue q;
    std::thread producer([&] {
        for (int i = 1; i <= 100; ++i) q.post(ev::Rate{i});
    });
    for (int i = 1; i <= 100; ++i) {
        auto e = q.take(5s);
        REQUIRE(e);
        REQUIRE(std::get<ev::Rate>(*e).level == i);
    }
    producer.join();
    CHECK_FALSE(q.tryTake());
}

TEST_CASE("closing the queue wakes a waiting taker and drops later posts", "[queue]") {
    EventQueue q;
    std::thread closer([&] { q.close(); });
    CHECK_FALSE(q.take(10s));  // returns promptly once closed, not after 10 s
    closer.join();
    q.post(ev::Next{});
    CHECK(q.size() == 0);
}
