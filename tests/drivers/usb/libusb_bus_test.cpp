// The libusb backend on this machine: it starts, lists without failing, and reports absent devices clearly.
#include "drivers/usb/libusb_bus.h"
#include "tests/support/skip.h"

#include <catch2/catch.hpp>

using namespace yimen;
using namespace yimen::drivers::usb;

TEST_CASE("the libusb bus starts, lists and stops cleanly", "[usb][libusb]") {
    auto bus = LibusbBus::create();
    if (!bus) {
        YIMEN_SKIP("libusb unavailable here: " << bus.error().message);
    }
    auto devices = (*bus)->list();
    REQUIRE(devices);
    for (const auto& info : *devices) {
        CHECK(info.location.bus != 0);
    }
}

TEST_CASE("opening a USB location with no device there is notFound", "[usb][libusb]") {
    auto bus = LibusbBus::create();
    if (!bus) {
        YIMEN_SKIP("libusb unavailable here: " << bus.error().message);
    }
    auto opened = (*bus)->open({255, 255});
    REQUIRE_FALSE(opened);
    CHECK(opened.error().code == ErrorCode::notFound);
}

TEST_CASE("a hotplug watch on the libusb bus can be dropped before and after the bus",
          "[usb][libusb][hotplug]") {
    auto bus = LibusbBus::create(LibusbBusOptions{Timeout{20}, Timeout{50}});
    if (!bus) {
        YIMEN_SKIP("libusb unavailable here: " << bus.error().message);
    }
    auto first = (*bus)->watch([](HotplugEvent, const UsbDeviceInfo&) {});
    auto second = (*bus)->watch([](HotplugEvent, const UsbDeviceInfo&) {});
    REQUIRE(first);
    REQUIRE(second);
    first->reset();
    bus->reset();
    second->reset();
    SUCCEED("no crash and no hang");
}

TEST_CASE("an empty hotplug callback is refused", "[usb][libusb]") {
    auto bus = LibusbBus::create();
    if (!bus) {
        YIMEN_SKIP("libusb unavailable here: " << bus.error().message);
    }
    CHECK((*bus)->watch({}).error().code == ErrorCode::invalidInput);
}
