// The USB devices `auto` configuration looks for, per device kind, and how a plugged-in one is found.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "drivers/config/device_spec.h"
#include "drivers/usb/usb_device.h"

namespace yimen::drivers::config {

struct KnownDevice {
    DeviceKind kind = DeviceKind::cardReader;
    usb::UsbId id;
    bool anyProduct = false;  // the vendor makes nothing but this kind of device: every product id matches
    std::string description;

    bool matches(usb::UsbId candidate) const {
        return candidate.vendor == id.vendor && (anyProduct || candidate.product == id.product);
    }
};

// The table, in order of preference:
//   card readers    drivers/idcard's knownSamReaders() (native SAM modules, then the CH340, CP210x and PL2303
//                   bridges they sit behind)
//   receipt printers  Epson (TM-T20, UB-U05 interface of TM-T70/TM-T88IV, TM-L100), Star TSP100, Bixolon
//                   SRP-350II, Citizen CT-E351, Custom K80, NCR 7167 and 7197 — ids from the usb.ids database
//                   (2025.07.26)
//   scanners        every product of Honeywell/Metrologic (0c2e), Symbol/Zebra (05e0), Datalogic (05f9) and
//                   Newland (1eab), the vendors packaging/udev grants
//   cameras         none: a camera is any V4L2 capture node
std::vector<KnownDevice> knownDevices(DeviceKind kind);

// The first entry for `kind` that matches `id`.
std::optional<KnownDevice> findKnownDevice(DeviceKind kind, usb::UsbId id);

// The plugged-in device `auto` picks for `kind` from `plugged` (a UsbBus::list()): the first known device in
// table order; for a receipt printer with none known, the only device with a printer-class interface.
// Errors: notFound (nothing fits), conflict (several unknown printers: the message lists them and asks for
// usb:VID:PID).
[[nodiscard]] Expected<usb::UsbDeviceInfo> pickAutoDevice(DeviceKind kind,
                                                          const std::vector<usb::UsbDeviceInfo>& plugged);

}  // namespace yimen::drivers::config
