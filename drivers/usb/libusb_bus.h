// The real USB backend: UsbBus and UsbDevice over libusb-1.0. The only header that knows libusb exists.
#pragma once

#include <memory>

#include "common/error.h"
#include "drivers/usb/usb_device.h"

namespace yimen::drivers::usb {

struct LibusbBusOptions {
    // How often the bus re-lists devices to notice arrivals and departures when libusb has no hotplug support
    // on this system (no udev or netlink); with hotplug support events arrive as they happen.
    Timeout relistInterval{500};
    // The limit on each string-descriptor request (manufacturer, product, serial) made while listing or
    // opening.
    Timeout stringDescriptorTimeout{200};
};

// Owns a libusb context and the thread that runs its events (hotplug callbacks, or the periodic re-listing).
// Thread-safe. Devices opened from the bus keep the context alive, so a device may outlive its bus.
//
// Error mapping, for every call of the bus and its devices:
//   LIBUSB_ERROR_TIMEOUT                 timeout (the message says how many bytes went out before it)
//   LIBUSB_ERROR_NO_DEVICE               unavailable ("device unplugged")
//   LIBUSB_ERROR_PIPE                    device (the endpoint stalled or the request was refused)
//   LIBUSB_ERROR_BUSY                    conflict (claimed by another program)
//   LIBUSB_ERROR_ACCESS                  conflict (permission: the message names the udev rule to check)
//   LIBUSB_ERROR_NOT_FOUND on open       notFound
//   any other failure                    io
class LibusbBus final : public UsbBus {
public:
    // Errors: unavailable when libusb cannot be initialised (no usbfs, no permission to the bus at all).
    [[nodiscard]] static Expected<std::unique_ptr<LibusbBus>> create(LibusbBusOptions options = {});

    ~LibusbBus() override;
    LibusbBus(const LibusbBus&) = delete;
    LibusbBus& operator=(const LibusbBus&) = delete;

    [[nodiscard]] Expected<std::vector<UsbDeviceInfo>> list() override;
    [[nodiscard]] Expected<std::unique_ptr<UsbDevice>> open(const UsbLocation& location) override;
    [[nodiscard]] Expected<std::shared_ptr<void>> watch(HotplugCallback callback) override;

    // True when libusb delivers hotplug events on this system; false means the bus re-lists periodically.
    bool hasNativeHotplug() const;

    // Hotplug notices waiting for the event thread; past this many, new ones are dropped (a flapping hub
    // must not grow memory without bound).
    static constexpr std::size_t kMaxPendingHotplug = 256;

    struct State;

private:
    explicit LibusbBus(std::shared_ptr<State> state);
    std::shared_ptr<State> state_;
};

// The udev rules file (packaging/udev/, installed under /lib/udev/rules.d/) that grants the kiosk group
// access to its devices; named in permission errors.
inline constexpr const char* kUdevRulesFile = "60-yimen-kiosk.rules";

}  // namespace yimen::drivers::usb
