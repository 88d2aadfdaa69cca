// The scripted USB fake behaves like a device: matched writes, chunked replies, timeouts, stalls, unplugging.
#include "drivers/usb/scripted_usb_device.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace yimen;
using namespace yimen::drivers::usb;

namespace {

using Bytes = std::vector<std::uint8_t>;
constexpr Timeout kWait{100};

std::shared_ptr<UsbScript> script() {
    return std::make_shared<UsbScript>();
}

ScriptedUsbDevice device(std::shared_ptr<UsbScript> s) {
    return ScriptedUsbDevice(bulkDeviceInfo({0x1234, 0x5678}, {1, 2}, 0xFF, 0x02, 0x81), std::move(s));
}

}  // namespace

TEST_CASE("a scripted write that matches is accepted whole, even when sent in pieces", "[usb][scripted]") {
    auto s = script();
    s->expectWrite(0x02, {1, 2, 3, 4, 5}).expectWrite(0x02, {6, 7});
    auto d = device(s);
    const Bytes first{1, 2};
    const Bytes rest{3, 4, 5, 6, 7};
    REQUIRE(*d.write(0x02, first, kWait) == 2);
    REQUIRE(*d.write(0x02, rest, kWait) == 5);
    CHECK(s->finished());
    CHECK(s->mismatches().empty());
    CHECK(s->written(0x02) == Bytes{1, 2, 3, 4, 5, 6, 7});
}

TEST_CASE("a write that differs from the script fails with what was expected and what came",
          "[usb][scripted]") {
    auto s = script();
    s->expectWrite(0x02, {0xAA, 0xBB});
    auto d = device(s);
    const Bytes wrong{0xAA, 0xCC};
    auto result = d.write(0x02, wrong, kWait);
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::io);
    CHECK(result.error().message.find("expected a write to 0x02 of aa bb") != std::string::npos);
    CHECK(result.error().message.find("got a write to 0x02 of aa cc") != std::string::npos);
    CHECK(s->mismatches().size() == 1);
}

TEST_CASE("a write after the script ended is a mismatch, not a hang", "[usb][scripted]") {
    auto s = script();
    auto d = device(s);
    const Bytes data{1};
    auto result = d.write(0x02, data, kWait);
    REQUIRE_FALSE(result);
    CHECK(result.error().message.find("end of the script") != std::string::npos);
}

TEST_CASE("a reply is handed out in reads no longer than asked for", "[usb][scripted]") {
    auto s = script();
    s->reply(0x81, {1, 2, 3, 4, 5});
    auto d = device(s);
    CHECK(*d.read(0x81, 2, kWait) == Bytes{1, 2});
    CHECK(*d.read(0x81, 64, kWait) == Bytes{3, 4, 5});
    CHECK(s->finished());
}

TEST_CASE("reading when the device has nothing to say times out at once and keeps the script",
          "[usb][scripted]") {
    auto s = script();
    s->expectWrite(0x02, {9}).reply(0x81, {8});
    auto d = device(s);
    auto early = d.read(0x81, 64, kWait);
    REQUIRE_FALSE(early);
    CHECK(early.error().code == ErrorCode::timeout);
    const Bytes cmd{9};
    REQUIRE(d.write(0x02, cmd, kWait));
    CHECK(*d.read(0x81, 64, kWait) == Bytes{8});
}

TEST_CASE("a scripted timeout fails the next transfer with timeout and says how much was written",
          "[usb][scripted]") {
    auto s = script();
    s->timeoutAfter(0x02, 3).timeout(0x81);
    auto d = device(s);
    const Bytes data{1, 2, 3, 4, 5, 6};
    auto w = d.write(0x02, data, kWait);
    REQUIRE_FALSE(w);
    CHECK(w.error().code == ErrorCode::timeout);
    CHECK(w.error().message.find("3 of 6 bytes written") != std::string::npos);
    CHECK(s->written(0x02) == Bytes{1, 2, 3});
    auto r = d.read(0x81, 64, kWait);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::timeout);
}

TEST_CASE("a stalled endpoint keeps failing until its halt is cleared", "[usb][scripted]") {
    auto s = script();
    s->stall(0x81).reply(0x81, {7});
    auto d = device(s);
    auto first = d.read(0x81, 64, kWait);
    REQUIRE_FALSE(first);
    CHECK(first.error().code == ErrorCode::device);
    auto again = d.read(0x81, 64, kWait);
    REQUIRE_FALSE(again);
    CHECK(again.error().code == ErrorCode::device);
    REQUIRE(d.clearHalt(0x81));
    CHECK(*d.read(0x81, 64, kWait) == Bytes{7});
}

TEST_CASE("after a scripted disconnect every call says the device is unplugged", "[usb][scripted]") {
    auto s = script();
    s->reply(0x81, {1}).disconnect();
    auto d = device(s);
    REQUIRE(d.read(0x81, 64, kWait));
    auto gone = d.read(0x81, 64, kWait);
    REQUIRE_FALSE(gone);
    CHECK(gone.error().code == ErrorCode::unavailable);
    const Bytes data{1};
    CHECK(d.write(0x02, data, kWait).error().code == ErrorCode::unavailable);
    CHECK(d.claimInterface(0).error().code == ErrorCode::unavailable);
    CHECK(s->unplugged());
}

TEST_CASE("control requests must match the script and return its data", "[usb][scripted]") {
    auto s = script();
    s->expectControlIn(0xC0, 0x5F, 0, 0, {0x31, 0x00}).expectControlOut(0x40, 0xA1, 0, 0).stall(0);
    auto d = device(s);
    CHECK(*d.controlIn(0xC0, 0x5F, 0, 0, 2, kWait) == Bytes{0x31, 0x00});
    REQUIRE(d.controlOut(0x40, 0xA1, 0, 0, {}, kWait));
    auto refused = d.controlOut(0x40, 0x9A, 0x1312, 0xCC83, {}, kWait);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::device);
    CHECK(s->finished());
}

TEST_CASE("a control request the script did not expect is a mismatch naming both", "[usb][scripted]") {
    auto s = script();
    s->expectControlOut(0x41, 0x00, 0x0001, 0);
    auto d = device(s);
    auto result = d.controlOut(0x41, 0x1E, 0, 0, {}, kWait);
    REQUIRE_FALSE(result);
    CHECK(result.error().message.find("request 0x00") != std::string::npos);
    CHECK(result.error().message.find("request 0x1e") != std::string::npos);
}

TEST_CASE("claiming an interface another program holds is a conflict", "[usb][scripted]") {
    auto s = script();
    s->refuseClaim(0);
    auto d = device(s);
    CHECK(d.claimInterface(0).error().code == ErrorCode::conflict);
    REQUIRE(d.claimInterface(1));
    CHECK(s->claimedInterfaces() == std::set<std::uint8_t>{1});
}

TEST_CASE("the scripted bus reports arrivals and departures to its watchers", "[usb][scripted][hotplug]") {
    ScriptedUsbBus bus;
    std::vector<std::pair<HotplugEvent, UsbLocation>> events;
    auto handle =
        bus.watch([&](HotplugEvent e, const UsbDeviceInfo& info) { events.emplace_back(e, info.location); });
    REQUIRE(handle);
    const UsbLocation where{1, 5};
    bus.plug(bulkDeviceInfo({0x0400, 0xC35A}, where, 0xFF, 0x02, 0x81), script());
    REQUIRE(bus.list()->size() == 1);
    bus.unplug(where);
    CHECK(bus.list()->empty());
    REQUIRE(events.size() == 2);
    CHECK(events[0] == std::make_pair(HotplugEvent::arrived, where));
    CHECK(events[1] == std::make_pair(HotplugEvent::left, where));
}

TEST_CASE("a device unplugged from the scripted bus fails its open handle with unavailable",
          "[usb][scripted][hotplug]") {
    ScriptedUsbBus bus;
    const UsbLocation where{1, 5};
    auto s = script();
    s->reply(0x81, {1});
    bus.plug(bulkDeviceInfo({0x0400, 0xC35A}, where, 0xFF, 0x02, 0x81), s);
    auto opened = bus.open(where);
    REQUIRE(opened);
    bus.unplug(where);
    CHECK((*opened)->read(0x81, 64, kWait).error().code == ErrorCode::unavailable);
    CHECK(bus.open(where).error().code == ErrorCode::notFound);
}

TEST_CASE("a scripted disconnect takes the device off the scripted bus", "[usb][scripted][hotplug]") {
    ScriptedUsbBus bus;
    int departures = 0;
    auto handle =
        bus.watch([&](HotplugEvent e, const UsbDeviceInfo&) { departures += e == HotplugEvent::left; });
    REQUIRE(handle);
    const UsbLocation where{2, 9};
    auto s = script();
    s->disconnect();
    bus.plug(bulkDeviceInfo({0x0400, 0xC35A}, where, 0xFF, 0x02, 0x81), s);
    auto opened = bus.open(where);
    REQUIRE(opened);
    CHECK((*opened)->read(0x81, 64, kWait).error().code == ErrorCode::unavailable);
    CHECK(departures == 1);
    CHECK(bus.list()->empty());
}

TEST_CASE("dropping the watch handle stops the callbacks", "[usb][scripted][hotplug]") {
    ScriptedUsbBus bus;
    int calls = 0;
    auto handle = bus.watch([&](HotplugEvent, const UsbDeviceInfo&) { ++calls; });
    REQUIRE(handle);
    bus.plug(bulkDeviceInfo({1, 1}, {1, 1}, 0xFF, 0x02, 0x81), script());
    handle->reset();
    bus.plug(bulkDeviceInfo({1, 1}, {1, 2}, 0xFF, 0x02, 0x81), script());
    CHECK(calls == 1);
}

TEST_CASE("an open the test made fail reports that error once", "[usb][scripted]") {
    ScriptedUsbBus bus;
    const UsbLocation where{1, 3};
    bus.plug(bulkDeviceInfo({1, 1}, where, 0xFF, 0x02, 0x81), script());
    bus.failNextOpen(where, Error{ErrorCode::conflict, "permission denied"});
    CHECK(bus.open(where).error().code == ErrorCode::conflict);
    CHECK(bus.open(where));
    CHECK(bus.openCount(where) == 1);
}
