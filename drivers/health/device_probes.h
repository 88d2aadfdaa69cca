// Ready-made parts of a ManagedDevice: probes for the device interfaces and USB matchers.
#pragma once

#include <cstdint>
#include <functional>

#include "common/error.h"
#include "drivers/receipt_printer.h"
#include "drivers/usb/usb_device.h"

namespace yimen::drivers::health {

// Asks the printer for its status (opening it when needed): ok when it can print, else the status error, or
// device with PrinterStatus::describe() ("打印纸已用完") when it cannot. The printer is borrowed.
std::function<Status()> printerProbe(ReceiptPrinter& printer);

// Matches a USB device by vendor and product id.
std::function<bool(const usb::UsbDeviceInfo&)> usbIdMatcher(usb::UsbId id);
// Matches a USB device with an interface of `interfaceClass` (0x0E: video, for a UVC camera).
std::function<bool(const usb::UsbDeviceInfo&)> usbClassMatcher(std::uint8_t interfaceClass);

inline constexpr std::uint8_t kUsbVideoClass = 0x0E;

}  // namespace yimen::drivers::health
