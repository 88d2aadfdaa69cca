// Finding a USB device by vendor and product id, for the printer and scanner drivers.
#include "drivers/usb/usb_opener.h"

#include <cstdio>
#include <string>

namespace yimen::drivers::usb {
namespace {

std::string hex4(std::uint16_t v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04x", static_cast<unsigned>(v));
    return buf;
}

}  // namespace

UsbDeviceOpener openerFor(UsbBus& bus, UsbId id) {
    return [&bus, id]() -> Expected<std::unique_ptr<UsbDevice>> {
        auto devices = bus.list();
        if (!devices) {
            return devices.error();
        }
        for (const UsbDeviceInfo& d : *devices) {
            if (d.id == id) {
                return bus.open(d.location);
            }
        }
        return fail(ErrorCode::notFound, "no USB device " + hex4(id.vendor) + ":" + hex4(id.product));
    };
}

}  // namespace yimen::drivers::usb
