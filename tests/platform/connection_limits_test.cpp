// Tests of platform/connection_limits.cpp and platform/log_throttle.cpp: the counters behind the server's
// defences against connection floods.
#include "platform/connection_limits.h"

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
