// Builds the backend a DeviceSpec names: the real drivers over USB, tty and V4L2, or the simulated twins.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/error.h"
#include "drivers/camera/camera_scanner.h"
#include "drivers/camera/camera_stream.h"
#include "drivers/config/device_spec.h"
#include "drivers/id_card_reader.h"
#include "drivers/printer/usb_receipt_printer.h"
#include "drivers/protocol/escpos_types.h"
#include "drivers/receipt_printer.h"
#include "drivers/scanner.h"
#include "drivers/usb/usb_device.h"

namespace yimen::kiosk {

using drivers::config::DeviceKind;
using drivers::config::DeviceSpec;

struct DeviceFactoryOptions {
    std::filesystem::path
        simIdentities;  // the simulated reader's cards (JSON); empty: a reader without cards
    std::filesystem::path simPrinterOut = "receipts";  // where the simulated printer saves receipts
    drivers::protocol::PaperWidth paper = drivers::protocol::PaperWidth::mm80;
    drivers::printer::ChineseTextMode chineseText = drivers::printer::ChineseTextMode::gb18030;
    drivers::camera::CameraStreamOptions camera;
    drivers::camera::CameraScannerOptions cameraScanner;
    std::string devDir = "/dev";  // where an `auto` camera is looked for
};

// The USB device `auto` configuration picks for `kind` (see pickAutoDevice), opened on `bus` (borrowed).
// Called again after every unplug, so a replugged or swapped device is found anew.
std::function<Expected<std::unique_ptr<drivers::usb::UsbDevice>>()> autoUsbOpener(drivers::usb::UsbBus& bus,
                                                                                  DeviceKind kind);

// Makes devices; never waits for one: USB, tty and V4L2 devices are opened on first use and again after a
// replug, so a device absent at start-up is not an error here. Thread-safe.
//
// Errors of every make…: invalidInput (the spec is for another kind, or a backend the kind cannot use),
// unavailable (a USB spec without a USB bus), and the simulated twins' (io when the receipt folder cannot be
// made, notFound when no CJK font is installed, invalidInput for a bad identities file).
class DeviceFactory {
public:
    // `bus` is borrowed and must outlive every device made; null when the kiosk has no USB.
    explicit DeviceFactory(drivers::usb::UsbBus* bus, DeviceFactoryOptions options = {});

    [[nodiscard]] Expected<std::unique_ptr<drivers::IdCardReader>> makeCardReader(const DeviceSpec& spec);
    [[nodiscard]] Expected<std::unique_ptr<drivers::ReceiptPrinter>> makeReceiptPrinter(
        const DeviceSpec& spec);
    // usb and auto: a HID scanner; v4l2: QR codes from that camera (sharing its capture thread with
    // makeCamera for the same node: configure the camera as v4l2 with the same path, not auto, or the two
    // streams compete for the node), the camera closed until scanCamera(spec)->setActive(true); sim: a
    // drivers::sim::SimScanner.
    [[nodiscard]] Expected<std::unique_ptr<drivers::Scanner>> makeScanner(const DeviceSpec& spec);
    // The camera's capture thread, started: v4l2 a node, auto the first capture node under devDir (looked
    // for again at each reconnection), sim a test pattern. One stream per node, shared with a v4l2 scanner on
    // the same node whichever was made first. `onStatus` receives the camera's conditions (see CameraStream)
    // from now on, starting with the current one; it replaces the callback of an earlier makeCamera.
    [[nodiscard]] Expected<std::shared_ptr<drivers::camera::CameraStream>> makeCamera(
        const DeviceSpec& spec, drivers::camera::CameraStatusCallback onStatus = {});

    // The camera behind a v4l2 scanner made from `spec` (null for any other scanner, or before makeScanner):
    // the session opens it only while a screen wants a scan.
    [[nodiscard]] std::shared_ptr<drivers::camera::CameraStream> scanCamera(const DeviceSpec& spec);

private:
    Status checkKind(const DeviceSpec& spec, DeviceKind kind) const;
    Status requireBus(const DeviceSpec& spec) const;
    // Forwards a camera's conditions to whichever callback was given last.
    struct StatusRelay {
        std::mutex mutex;
        drivers::camera::CameraStatusCallback callback;
        void operator()(const Status& status);
    };
    struct CameraEntry {
        std::weak_ptr<drivers::camera::CameraStream> stream;
        std::shared_ptr<StatusRelay> relay;
    };
    std::shared_ptr<drivers::camera::CameraStream> cameraFor(const std::string& key,
                                                             const drivers::camera::V4l2Opener& opener,
                                                             drivers::camera::CameraStatusCallback onStatus,
                                                             bool startActive = true);

    drivers::usb::UsbBus* bus_;
    const DeviceFactoryOptions options_;
    std::mutex mutex_;
    std::map<std::string, CameraEntry> cameras_;  // by node: "auto", "sim" or the path
};

}  // namespace yimen::kiosk
