// Openers for drivers on the USB seam: how a driver finds its device again each time it (re)connects.
#pragma once

#include <functional>
#include <memory>

#include "common/error.h"
#include "drivers/usb/usb_device.h"

namespace yimen::drivers::usb {

// Opens a driver's USB device; called again after the device went away, so a replugged device is found anew.
using UsbDeviceOpener = std::function<Expected<std::unique_ptr<UsbDevice>>()>;

// An opener that finds the first device with `id` on `bus` (borrowed: it must outlive every copy of the
// opener). Each call returns the bus's list() error, notFound when no device has `id`, or the bus's open()
// result. Called from the driver's own thread.
[[nodiscard]] UsbDeviceOpener openerFor(UsbBus& bus, UsbId id);

}  // namespace yimen::drivers::usb
