// The watchers of a USB bus: the callbacks UsbBus::watch registers, called on every arrival and departure
// until their handle is dropped. Shared by the libusb bus and the scripted one.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

#include "drivers/usb/usb_device.h"

namespace yimen::drivers::usb {

// Thread-safe. Dropping a handle waits for a callback running on another thread; a callback may drop its own
// handle. Handles may outlive the watchers (then dropping one does nothing).
class HotplugWatchers : public std::enable_shared_from_this<HotplugWatchers> {
public:
    static std::shared_ptr<HotplugWatchers> create() {
        return std::shared_ptr<HotplugWatchers>(new HotplugWatchers);
    }

    // Registers `callback`; it is called until the returned handle is destroyed.
    // Errors: invalidInput (an empty callback).
    [[nodiscard]] Expected<std::shared_ptr<void>> add(UsbBus::HotplugCallback callback);

    // Calls every watcher in the order they were added. An exception from one is logged; the others still
    // run.
    void dispatch(HotplugEvent event, const UsbDeviceInfo& info);

private:
    HotplugWatchers() = default;
    void remove(std::uint64_t id);

    // Held while callbacks run, so that dropping a handle waits for a running callback; recursive so a
    // callback may drop its own handle.
    std::recursive_mutex mutex_;
    std::map<std::uint64_t, UsbBus::HotplugCallback> callbacks_;
    std::uint64_t next_ = 1;
};

}  // namespace yimen::drivers::usb
