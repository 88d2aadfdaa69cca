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

TEST_CASE("a full queue drops ticks and taps but never the outcome of a commit or a print", "[queue]") {
    EventQueue q(4);
    for (int i = 0; i < 4; ++i) CHECK(q.post(ev::Tick{i}));
    CHECK_FALSE(q.post(ev::Tick{99}));
    CHECK_FALSE(q.post(ev::Next{}));
    CHECK(q.size() == 4);
    CHECK(q.dropped() == 2);

    ReceiptInfo receipt;
    receipt.receiptNo = "YM00012611190001";
    CHECK(q.post(ev::ApplicationQueued{receipt}));
    CHECK(q.post(ev::ApplicationSaveFailed{"disk full"}));
    CHECK(q.post(ev::PrintFinished{true, ""}));
    CHECK(q.post(ev::WorkerFailed{"card", "boom"}));
    CHECK(q.size() == 8);

    int ticks = 0;
    bool queued = false, saveFailed = false;
    while (auto e = q.tryTake()) {
        ticks += std::holds_alternative<ev::Tick>(*e) ? 1 : 0;
        if (auto* a = std::get_if<ev::ApplicationQueued>(&*e))
            queued = a->receipt.receiptNo == receipt.receiptNo;
        saveFailed = saveFailed || std::holds_alternative<ev::ApplicationSaveFailed>(*e);
    }
    CHECK(ticks == 4);
    CHECK(queued);
    CHECK(saveFailed);
}

TEST_CASE("a card read dropped by a full queue is wiped", "[queue][privacy]") {
    EventQueue q(1);
    REQUIRE(q.post(ev::Tick{1}));
    ev::CardRead card;
    card.identity.name = "韦秀英";
    card.identity.idNumber = "450102199001011231";
    CHECK_FALSE(q.post(std::move(card)));
    CHECK(q.size() == 1);
}

TEST_CASE("the wake handler runs after each queued event, and not for a dropped one", "[queue]") {
    EventQueue q(1);
    int wakes = 0;
    q.setWakeHandler([&] {
        ++wakes;
        CHECK(q.size() >= 1);  // the event is there to take when the loop wakes
    });
    CHECK(q.post(ev::Next{}));
    CHECK(wakes == 1);
    CHECK_FALSE(q.post(ev::Next{}));  // full: dropped
    CHECK(wakes == 1);
    q.setWakeHandler(nullptr);
    (void)q.tryTake();
    CHECK(q.post(ev::Next{}));
    CHECK(wakes == 1);
}
