// Probes and matchers for ManagedDevice.
#include "drivers/health/device_probes.h"

#include <algorithm>

namespace yimen::drivers::health {

std::function<Status()> printerProbe(ReceiptPrinter& printer) {
    return [&printer]() -> Status {
        auto status = printer.status();
        if (!status) {
            return fail(status.error());
        }
        if (!status->canPrint()) {
            return fail(ErrorCode::device, status->describe());
        }
        return {};
    };
}

std::function<bool(const usb::UsbDeviceInfo&)> usbIdMatcher(usb::UsbId id) {
    return [id](const usb::UsbDeviceInfo& info) { return info.id == id; };
}

std::function<bool(const usb::UsbDeviceInfo&)> usbClassMatcher(std::uint8_t interfaceClass) {
    return [interfaceClass](const usb::UsbDeviceInfo& info) {
        return std::any_of(info.interfaces.begin(), info.interfaces.end(),
                           [&](const usb::UsbInterface& i) { return i.interfaceClass == interfaceClass; });
    };
}

}  // namespace yimen::drivers::health
