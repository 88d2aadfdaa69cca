// Opening an ID-card reader's transport: the table of known USB readers, endpoint layout probing,
// serial-bridge set-up, and the kernel tty.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>

#include "drivers/idcard/sam_transport.h"
#include "drivers/idcard/usb_serial_bridge.h"
#include "drivers/usb/usb_device.h"

namespace yimen::drivers::idcard {

struct KnownSamReader {
    usb::UsbId id;
    std::optional<SerialBridge> bridge;  // nullopt: a native-USB SAM module
    const char* description;
};

// Native-USB SAM readers 0400:c35a and 0483:5652; bridges CH340 1a86:7523, CP2102 10c4:ea60, PL2303
// 067b:2303. The bridge chips are generic: on a kiosk where another device uses the same chip, configure
// usb:VID:PID or tty:… explicitly.
std::span<const KnownSamReader> knownSamReaders();
std::optional<KnownSamReader> findKnownSamReader(usb::UsbId id);

// How a native-USB reader splits frames: probed from its endpoints (0x02, 0x06, 0x81 and 0x85 all bulk:
// split; otherwise the first bulk OUT and IN carry whole frames), or forced.
enum class UsbSamLayout { automatic, split, single };

struct UsbSamOptions {
    std::optional<usb::UsbId> device;  // nullopt: the first known reader on the bus
    UsbSamLayout layout = UsbSamLayout::automatic;
    std::optional<SerialBridge> bridge;  // for a bridge not in the table
    std::uint32_t baud = 115200;
    usb::Timeout setupTimeout{300};  // each control request of the bridge set-up
};

// Finds the reader on `bus`, opens it, claims its interface (detaching a kernel driver) and sets up a bridge.
// Errors: notFound (no such reader plugged in), conflict (permission or claimed elsewhere), and the set-up's.
[[nodiscard]] Expected<std::unique_ptr<SamTransport>> openUsbSamTransport(usb::UsbBus& bus,
                                                                          const UsbSamOptions& options);

// The same for a device already opened (tests hand in a scripted one).
[[nodiscard]] Expected<std::unique_ptr<SamTransport>> makeUsbSamTransport(
    std::unique_ptr<usb::UsbDevice> device, const UsbSamOptions& options);

// The kernel tty fallback (/dev/ttyUSB0): errors as TtyByteStream::open.
[[nodiscard]] Expected<std::unique_ptr<SamTransport>> openTtySamTransport(const std::string& path,
                                                                          std::uint32_t baud = 115200);

}  // namespace yimen::drivers::idcard
