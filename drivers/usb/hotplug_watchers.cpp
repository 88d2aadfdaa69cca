// HotplugWatchers: the registry of hot-plug callbacks with handles that unregister on destruction.
#include "drivers/usb/hotplug_watchers.h"

#include <exception>
#include <string>
#include <vector>

#include "common/log.h"

namespace yimen::drivers::usb {

Expected<std::shared_ptr<void>> HotplugWatchers::add(UsbBus::HotplugCallback callback) {
    if (!callback)
        return fail(ErrorCode::invalidInput, "watching USB devices: empty callback");
    std::uint64_t id = 0;
    {
        std::lock_guard lock(mutex_);
        id = next_++;
        callbacks_.emplace(id, std::move(callback));
    }
    std::weak_ptr<HotplugWatchers> weak = weak_from_this();
    return std::shared_ptr<void>(new std::uint64_t(id), [weak](void* p) {
        auto* idPtr = static_cast<std::uint64_t*>(p);
        if (auto watchers = weak.lock())
            watchers->remove(*idPtr);
        delete idPtr;
    });
}

void HotplugWatchers::remove(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    callbacks_.erase(id);
}

void HotplugWatchers::dispatch(HotplugEvent event, const UsbDeviceInfo& info) {
    std::lock_guard lock(mutex_);
    std::vector<std::uint64_t> ids;
    for (const auto& entry : callbacks_) ids.push_back(entry.first);
    for (const std::uint64_t id : ids) {
        auto it = callbacks_.find(id);
        if (it == callbacks_.end())
            continue;  // dropped by an earlier callback
        // A copy: the callback may drop its own handle, which erases the map entry.
        UsbBus::HotplugCallback callback = it->second;
        try {
            callback(event, info);
        } catch (const std::exception& e) {
            log::error("usb", std::string("hotplug callback threw: ") + e.what());
        } catch (...) {
            log::error("usb", "hotplug callback threw");
        }
    }
}

}  // namespace yimen::drivers::usb
