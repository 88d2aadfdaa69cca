// Which backend serves each device kind: the configuration values ("auto", "usb:1a86:7523",
// "tty:/dev/ttyUSB0", "v4l2:/dev/video0", "sim") parsed into specs, with clear errors.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/error.h"
#include "drivers/usb/usb_device.h"

namespace yimen::drivers::config {

enum class DeviceKind { cardReader, receiptPrinter, scanner, camera };

// "cardReader", "receiptPrinter", "scanner", "camera".
const char* toString(DeviceKind kind);
std::span<const DeviceKind> allDeviceKinds();
// Inverse of toString; nullopt for any other name.
std::optional<DeviceKind> deviceKindNamed(std::string_view name);

enum class Backend {
    automatic,  // "auto": the first known device of the kind that is plugged in
    usb,        // "usb:VID:PID": that USB device
    tty,        // "tty:/dev/ttyUSB0": a kernel serial port
    v4l2,       // "v4l2:/dev/video0": a V4L2 camera
    sim,        // "sim": the simulated twin
};

// "auto", "usb", "tty", "v4l2", "sim".
const char* toString(Backend backend);

struct DeviceSpec {
    DeviceKind kind = DeviceKind::cardReader;
    Backend backend = Backend::automatic;
    usb::UsbId usbId;  // Backend::usb
    std::string path;  // Backend::tty and Backend::v4l2
    friend bool operator==(const DeviceSpec&, const DeviceSpec&) = default;
};

// Parses one configuration value for `kind`. The scheme is case-insensitive and spaces around the value are
// ignored. Accepted:
//   auto, sim                      every kind
//   usb:VID:PID                    card reader, receipt printer, scanner; 1 to 4 hex digits each, an optional
//                                  0x, vendor 0 refused
//   tty:/PATH                      card reader (the kernel serial fallback)
//   v4l2:/PATH                     camera, scanner (a camera reading QR codes)
// A path is absolute, at most 255 bytes, without control characters or "..". Pure; any thread.
// Errors: invalidInput naming the device kind, the value (quoted, shortened) and what that kind accepts.
[[nodiscard]] Expected<DeviceSpec> parseDeviceSpec(DeviceKind kind, std::string_view text);

// The canonical form ("usb:1a86:7523"): parseDeviceSpec(spec.kind, formatDeviceSpec(spec)) == spec.
std::string formatDeviceSpec(const DeviceSpec& spec);

// The backends `kind` accepts, in the words of the errors: "auto, usb:VID:PID, tty:/dev/…, sim".
std::string acceptedBackends(DeviceKind kind);

}  // namespace yimen::drivers::config
