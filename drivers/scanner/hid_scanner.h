// The QR/barcode scanner over USB HID: keyboard-wedge and HID POS scanners, read directly so scans reach only
// us.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>

#include "common/error.h"
#include "drivers/protocol/hid_barcode.h"
#include "drivers/protocol/hid_code_assembly.h"
#include "drivers/protocol/hid_keyboard.h"
#include "drivers/scanner.h"
#include "drivers/usb/usb_device.h"
#include "drivers/usb/usb_opener.h"

namespace yimen::drivers::scanner {

enum class HidScannerKind {
    automatic,      // HID POS when the report descriptor declares decoded data, else keyboard
    keyboardWedge,  // keystrokes, US layout
    hidPos,         // usage page 0x8C scanned-data reports
};

const char* toString(HidScannerKind kind);

struct HidScannerOptions {
    HidScannerKind kind = HidScannerKind::automatic;
    protocol::WedgeOptions wedge;
    protocol::BarcodeAssemblyOptions hidPos;
    usb::Timeout controlTimeout{1000};
    // The longest one interrupt read waits, so that a pending code's timeout is settled on time.
    usb::Timeout pollInterval{20};
    // The clock that times keystrokes and continuations; steady_clock::now when empty.
    std::function<protocol::ScanClock::time_point()> clock;
};

// Opens the device; called again after the device went away. usb::openerFor finds it by vendor and product
// id.
using usb::UsbDeviceOpener;

// A scanner on a USB HID interface (class 3) with an interrupt IN endpoint.
//
// Connecting (lazily, on the first nextCode and again after the device went away): each HID interface is
// claimed in turn, which detaches the kernel's usbhid so no scan ever types into another program, and its
// report descriptor is read (GET_DESCRIPTOR 0x22). The interface kept is the first that fits `kind`: one with
// a HID POS scanned-data report, or one with a keyboard report (from the descriptor; a boot keyboard whose
// descriptor cannot be read is switched to the boot protocol and read as such). In automatic mode a HID POS
// interface wins over a keyboard one anywhere on the device. The others are released.
//
// Codes: assembled by KeyboardWedgeAssembler or BarcodeAssembler; a partial code is dropped after its timeout
// with a log line (never its content), and so is a code cut short by an unplug. Malformed reports are logged
// and skipped.
//
// Thread-safe (one lock); nextCode is meant for one scanner thread.
class HidScanner final : public Scanner {
public:
    // Errors: invalidInput without an opener. Never touches the device: an absent scanner is not an error
    // here.
    [[nodiscard]] static Expected<std::unique_ptr<HidScanner>> create(UsbDeviceOpener opener,
                                                                      HidScannerOptions options = {});

    ~HidScanner() override;
    HidScanner(const HidScanner&) = delete;
    HidScanner& operator=(const HidScanner&) = delete;

    // Waits up to `timeout` for one complete code; nullopt when none completed. A zero timeout reads what the
    // device already holds without waiting. Errors return at once, so a
    // caller that loops should pause before calling again: unavailable / notFound (no scanner: the next call
    // tries to connect again), conflict (the interface is held by another program), notFound (no interface
    // fits `kind`), io (a transfer failed).
    [[nodiscard]] Expected<std::optional<std::string>> nextCode(std::chrono::milliseconds timeout) override;

    // The kind of the connected scanner; nullopt while none is connected.
    std::optional<HidScannerKind> connectedKind() const;

private:
    HidScanner(UsbDeviceOpener opener, HidScannerOptions options);

    struct Connection {
        std::unique_ptr<usb::UsbDevice> device;
        std::uint8_t interfaceNumber = 0;
        std::uint8_t endpoint = 0;
        std::size_t readLength = 64;
        std::variant<protocol::KeyboardReportLayout, protocol::BarcodeReportLayout> layout;
    };

    Status connectLocked();
    void dropLocked(const std::string& reason);
    void handleLocked(std::vector<protocol::ScanEvent> events);
    void handleReportLocked(std::span<const std::uint8_t> report, protocol::ScanClock::time_point now);
    std::optional<protocol::ScanClock::time_point> pendingDeadlineLocked() const;
    protocol::ScanClock::time_point now() const;

    const UsbDeviceOpener opener_;
    const HidScannerOptions options_;
    mutable std::mutex mutex_;
    std::optional<Connection> connection_;
    protocol::KeyboardWedgeAssembler wedge_;
    protocol::BarcodeAssembler barcode_;
    std::deque<std::string> codes_;
};

}  // namespace yimen::drivers::scanner
