// Tests for drivers/usb/hotplug_watchers: who hears an arrival, for how long, and what one bad watcher does.
#include "drivers/usb/hotplug_watchers.h"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <vector>

using namespace yimen::drivers::usb;

namespace {

UsbDeviceInfo reader() {
    UsbDeviceInfo info;
    info.product = "SAM reader";
    return info;
}

}  // namespace

TEST_CASE("every watcher hears every event until its handle is dropped", "[usb][hotplug]") {
    auto watchers = HotplugWatchers::create();
    std::vector<int> heard;
    auto first = watchers->add([&](HotplugEvent, const UsbDeviceInfo&) { heard.push_back(1); });
    auto second = watchers->add([&](HotplugEvent e, const UsbDeviceInfo& info) {
        CHECK(info.product == "SAM reader");
        heard.push_back(e == HotplugEvent::arrived ? 2 : 3);
    });
    REQUIRE(first);
    REQUIRE(second);
    watchers->dispatch(HotplugEvent::arrived, reader());
    first.value().reset();
    watchers->dispatch(HotplugEvent::left, reader());
    CHECK(heard == std::vector<int>{1, 2, 3});
}

TEST_CASE("a watcher may drop its own handle, and a throwing one does not silence the others",
          "[usb][hotplug]") {
    auto watchers = HotplugWatchers::create();
    std::shared_ptr<void> self;
    int selfCalls = 0;
    int lastCalls = 0;
    self = watchers
               ->add([&](HotplugEvent, const UsbDeviceInfo&) {
                   ++selfCalls;
                   self.reset();
               })
               .value();
    auto thrower = watchers->add([](HotplugEvent, const UsbDeviceInfo&) { throw std::runtime_error("bad"); });
    auto last = watchers->add([&](HotplugEvent, const UsbDeviceInfo&) { ++lastCalls; });
    watchers->dispatch(HotplugEvent::arrived, reader());
    watchers->dispatch(HotplugEvent::arrived, reader());
    CHECK(selfCalls == 1);
    CHECK(lastCalls == 2);
}

TEST_CASE("an empty callback is refused, and a handle may outlive the watchers", "[usb][hotplug]") {
    auto watchers = HotplugWatchers::create();
    CHECK(watchers->add({}).error().code == yimen::ErrorCode::invalidInput);
    auto handle = watchers->add([](HotplugEvent, const UsbDeviceInfo&) {});
    REQUIRE(handle);
    watchers.reset();
    handle.value().reset();  // nothing left to unregister from: no crash
}
