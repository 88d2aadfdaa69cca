// Tests of platform/connection_limits.cpp and platform/log_throttle.cpp: the counters behind the server's
// defences against connection floods.
#include "platform/connection_limits.h"

#include <chrono>
#include <thread>

#include <catch2/catch.hpp>

#include "platform/log_throttle.h"

using namespace yimen;
using namespace yimen::platform;

TEST_CASE("a peer gets at most its handshakes, then its connections; others still get in", "[limits]") {
    ConnectionLimits limits({.total = 10, .perPeer = 3, .handshakesPerPeer = 2});
    auto a1 = limits.admit("10.0.0.1"), a2 = limits.admit("10.0.0.1");
    REQUIRE(a1.ticket);
    REQUIRE(a2.ticket);
    auto a3 = limits.admit("10.0.0.1");
    CHECK_FALSE(a3.ticket);
    CHECK(a3.refusal == ConnectionLimits::Refusal::handshakesPerPeer);
    a1.ticket->handshakeFinished();
    a1.ticket->handshakeFinished();  // idempotent
    auto a4 = limits.admit("10.0.0.1");
    REQUIRE(a4.ticket);
    a2.ticket->handshakeFinished();
    a4.ticket->handshakeFinished();
    auto a5 = limits.admit("10.0.0.1");
    CHECK_FALSE(a5.ticket);
    CHECK(a5.refusal == ConnectionLimits::Refusal::perPeer);
    CHECK(limits.admit("10.0.0.2").ticket);
    a1.ticket.reset();
    CHECK(limits.admit("10.0.0.1").ticket);
}

TEST_CASE("the total limit holds across peers and frees with the connections", "[limits]") {
    ConnectionLimits limits({.total = 2, .perPeer = 5, .handshakesPerPeer = 5});
    auto a = limits.admit("a"), b = limits.admit("b");
    REQUIRE(a.ticket);
    REQUIRE(b.ticket);
    auto c = limits.admit("c");
    CHECK_FALSE(c.ticket);
    CHECK(c.refusal == ConnectionLimits::Refusal::total);
    CHECK(limits.connections() == 2);
    b.ticket.reset();
    CHECK(limits.connections() == 1);
    CHECK(limits.admit("c").ticket);
}

TEST_CASE("at the total cap the connection longest in its handshake makes room, else the one idle longest",
          "[limits]") {
    ConnectionLimits limits({.total = 3, .perPeer = 10, .handshakesPerPeer = 10});
    int evictedA = 0, evictedB = 0, evictedC = 0;
    auto a = limits.admit("a"), b = limits.admit("b"), c = limits.admit("c");
    REQUIRE((a.ticket && b.ticket && c.ticket));
    a.ticket->onEvict([&] { ++evictedA; });
    b.ticket->onEvict([&] { ++evictedB; });
    c.ticket->onEvict([&] { ++evictedC; });
    a.ticket->handshakeFinished();
    b.ticket->handshakeFinished();
    b.ticket->busy();

    // c is still in its handshake: it goes first, although a has been idle longer.
    auto d = limits.admit("d");
    REQUIRE(d.ticket);
    REQUIRE(d.evicted);
    CHECK(d.evicted->peer == "c");
    CHECK(d.evicted->handshaking);
    CHECK(evictedC == 1);
    CHECK(limits.connections() == 3);
    c.ticket.reset();  // the evicted connection closes: its place was already given away
    CHECK(limits.connections() == 3);

    // Then the idle a; b answers a request and d has no evictor, so the next newcomer is refused.
    auto e = limits.admit("e");
    REQUIRE(e.ticket);
    REQUIRE(e.evicted);
    CHECK(e.evicted->peer == "a");
    CHECK_FALSE(e.evicted->handshaking);
    CHECK(evictedA == 1);
    auto f = limits.admit("f");
    CHECK_FALSE(f.ticket);
    CHECK(f.refusal == ConnectionLimits::Refusal::total);
    CHECK(evictedB == 0);
    CHECK(evictedC == 1);

    // Once b waits for its next request it may go.
    b.ticket->idle();
    auto g = limits.admit("g");
    REQUIRE(g.ticket);
    CHECK(evictedB == 1);
}

TEST_CASE("among idle connections the one idle longest is evicted, and a request makes a connection new",
          "[limits]") {
    ConnectionLimits limits({.total = 2, .perPeer = 10, .handshakesPerPeer = 10});
    std::string evicted;
    auto x = limits.admit("x"), y = limits.admit("y");
    x.ticket->onEvict([&] { evicted = "x"; });
    y.ticket->onEvict([&] { evicted = "y"; });
    x.ticket->handshakeFinished();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    y.ticket->handshakeFinished();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    x.ticket->busy();
    x.ticket->idle();  // x answered a request since y went idle
    auto z = limits.admit("z");
    REQUIRE(z.ticket);
    CHECK(evicted == "y");
}

TEST_CASE("a peer over its own limits is refused even when others could be evicted", "[limits]") {
    ConnectionLimits limits({.total = 2, .perPeer = 1, .handshakesPerPeer = 1});
    auto a = limits.admit("a"), b = limits.admit("b");
    int evictions = 0;
    a.ticket->onEvict([&] { ++evictions; });
    b.ticket->onEvict([&] { ++evictions; });
    auto again = limits.admit("a");
    CHECK_FALSE(again.ticket);
    CHECK(again.refusal == ConnectionLimits::Refusal::perPeer);
    CHECK(evictions == 0);
}

TEST_CASE("a throttled log line is written once per interval and counts the rest", "[limits]") {
    ThrottledLog throttled(log::Level::debug, "test", std::chrono::hours(1));
    throttled.write("first");
    CHECK(throttled.suppressed() == 0);
    for (int i = 0; i < 1000; ++i) throttled.write("again");
    CHECK(throttled.suppressed() == 1000);
    ThrottledLog every(log::Level::debug, "test", std::chrono::nanoseconds(0));
    every.write("one");
    every.write("two");
    CHECK(every.suppressed() == 0);
}
