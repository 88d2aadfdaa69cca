// The factory: one small function per kind, each choosing the backend from the spec's table entry.
#include "kiosk/device_factory.h"

#include "drivers/camera/linux_v4l2_device.h"
#include "drivers/camera/scripted_v4l2_device.h"
#include "drivers/config/known_devices.h"
#include "drivers/idcard/sam_id_card_reader.h"
#include "drivers/idcard/sam_transport_factory.h"
#include "drivers/printer/font_glyph_source.h"
#include "drivers/scanner/hid_scanner.h"
#include "drivers/sim/sim_id_card_reader.h"
#include "drivers/sim/sim_receipt_printer.h"
#include "drivers/sim/sim_scanner.h"

namespace yimen::kiosk {

using namespace drivers;
using namespace drivers::config;
namespace {

using UsbOpener = usb::UsbDeviceOpener;

// The simulated camera's picture: a soft grey gradient, 640×480, five frames a second.
std::shared_ptr<camera::V4l2Script> simulatedCameraScript() {
    constexpr std::uint32_t kWidth = 640;
    constexpr std::uint32_t kHeight = 480;
    camera::GrayImage picture{kWidth, kHeight, std::vector<std::uint8_t>(std::size_t{kWidth} * kHeight)};
    for (std::uint32_t y = 0; y < kHeight; ++y) {
        for (std::uint32_t x = 0; x < kWidth; ++x) {
            picture.pixels[std::size_t{y} * kWidth + x] =
                static_cast<std::uint8_t>(80 + 100 * x / kWidth + 40 * y / kHeight);
        }
    }
    auto script = std::make_shared<camera::V4l2Script>();
    camera::V4l2Capability caps;
    caps.driver = "yimen-sim";
    caps.card = "Simulated camera";
    caps.busInfo = "sim";
    caps.videoCapture = true;
    caps.streaming = true;
    script->capability(caps).offer(camera::kPixelYuyv, {{kWidth, kHeight}});
    script->frame(camera::grayToYuyv(picture)).repeat(camera::Timeout{200});
    return script;
}

}  // namespace

UsbOpener autoUsbOpener(usb::UsbBus& bus, DeviceKind kind) {
    return [&bus, kind]() -> Expected<std::unique_ptr<usb::UsbDevice>> {
        auto plugged = bus.list();
        if (!plugged) {
            return fail(plugged.error().withContext("listing USB devices"));
        }
        auto picked = pickAutoDevice(kind, *plugged);
        if (!picked) {
            return fail(picked.error());
        }
        return bus.open(picked->location);
    };
}

DeviceFactory::DeviceFactory(usb::UsbBus* bus, DeviceFactoryOptions options)
    : bus_(bus), options_(std::move(options)) {}

Status DeviceFactory::checkKind(const DeviceSpec& spec, DeviceKind kind) const {
    if (spec.kind != kind) {
        return fail(ErrorCode::invalidInput, std::string("a ") + toString(spec.kind) + " setting (" +
                                                 formatDeviceSpec(spec) + ") cannot make a " +
                                                 toString(kind));
    }
    // Re-check what the parser checks, for specs built by hand.
    if (auto parsed = parseDeviceSpec(kind, formatDeviceSpec(spec)); !parsed) {
        return fail(parsed.error());
    }
    return {};
}

Status DeviceFactory::requireBus(const DeviceSpec& spec) const {
    if (bus_ == nullptr) {
        return fail(ErrorCode::unavailable, std::string("devices.") + toString(spec.kind) + " = " +
                                                formatDeviceSpec(spec) +
                                                " needs USB, which is not available");
    }
    return {};
}

Expected<std::unique_ptr<IdCardReader>> DeviceFactory::makeCardReader(const DeviceSpec& spec) {
    if (auto ok = checkKind(spec, DeviceKind::cardReader); !ok) {
        return fail(ok.error());
    }
    idcard::SamConnector connect;
    switch (spec.backend) {
    case Backend::sim: {
        auto reader = std::make_unique<sim::SimIdCardReader>();
        if (!options_.simIdentities.empty()) {
            if (auto loaded = reader->load(options_.simIdentities); !loaded) {
                return fail(loaded.error().withContext("simulated card reader"));
            }
        }
        return std::unique_ptr<IdCardReader>(std::move(reader));
    }
    case Backend::tty: connect = [path = spec.path] { return idcard::openTtySamTransport(path); }; break;
    case Backend::usb:
    case Backend::automatic: {
        if (auto ok = requireBus(spec); !ok) {
            return fail(ok.error());
        }
        const std::optional<usb::UsbId> wanted =
            spec.backend == Backend::usb ? std::optional<usb::UsbId>(spec.usbId) : std::nullopt;
        connect = [bus = bus_, wanted]() -> Expected<std::unique_ptr<idcard::SamTransport>> {
            idcard::UsbSamOptions usbOptions;
            usbOptions.device = wanted;
            if (!wanted) {
                // The same choice as every other `auto` device: table order, not bus order.
                auto plugged = bus->list();
                if (!plugged) {
                    return fail(plugged.error().withContext("listing USB devices"));
                }
                auto picked = pickAutoDevice(DeviceKind::cardReader, *plugged);
                if (!picked) {
                    return fail(picked.error());
                }
                usbOptions.device = picked->id;
            }
            return idcard::openUsbSamTransport(*bus, usbOptions);
        };
        break;
    }
    case Backend::v4l2: break;  // refused by checkKind
    }
    return std::unique_ptr<IdCardReader>(std::make_unique<idcard::SamIdCardReader>(std::move(connect)));
}

Expected<std::unique_ptr<ReceiptPrinter>> DeviceFactory::makeReceiptPrinter(const DeviceSpec& spec) {
    if (auto ok = checkKind(spec, DeviceKind::receiptPrinter); !ok) {
        return fail(ok.error());
    }
    if (spec.backend == Backend::sim) {
        auto printer = sim::SimReceiptPrinter::create(options_.simPrinterOut, options_.paper);
        if (!printer) {
            return fail(printer.error().withContext("simulated receipt printer"));
        }
        return std::unique_ptr<ReceiptPrinter>(std::move(*printer));
    }
    if (auto ok = requireBus(spec); !ok) {
        return fail(ok.error());
    }
    std::unique_ptr<printer::GlyphSource> glyphs;
    if (options_.chineseText == printer::ChineseTextMode::raster) {
        auto fonts = printer::FontGlyphSource::open();
        if (!fonts) {
            return fail(fonts.error().withContext("receipt printer in raster mode"));
        }
        glyphs = std::move(*fonts);
    }
    printer::UsbPrinterOptions printerOptions;
    printerOptions.paper = options_.paper;
    printerOptions.chineseText = options_.chineseText;
    UsbOpener opener = spec.backend == Backend::usb ? usb::openerFor(*bus_, spec.usbId)
                                                    : autoUsbOpener(*bus_, DeviceKind::receiptPrinter);
    auto printer = printer::UsbReceiptPrinter::create(std::move(opener), printerOptions, std::move(glyphs));
    if (!printer) {
        return fail(printer.error());
    }
    return std::unique_ptr<ReceiptPrinter>(std::move(*printer));
}

Expected<std::unique_ptr<Scanner>> DeviceFactory::makeScanner(const DeviceSpec& spec) {
    if (auto ok = checkKind(spec, DeviceKind::scanner); !ok) {
        return fail(ok.error());
    }
    switch (spec.backend) {
    case Backend::sim: return std::unique_ptr<Scanner>(std::make_unique<sim::SimScanner>());
    case Backend::v4l2: {
        // Closed until a screen wants a scan (scanCamera() gives the switch).
        auto stream = cameraFor(spec.path, camera::LinuxV4l2Device::openerFor(spec.path), {}, false);
        return std::unique_ptr<Scanner>(
            std::make_unique<camera::CameraScanner>(stream, options_.cameraScanner));
    }
    case Backend::usb:
    case Backend::automatic: {
        if (auto ok = requireBus(spec); !ok) {
            return fail(ok.error());
        }
        UsbOpener opener = spec.backend == Backend::usb ? usb::openerFor(*bus_, spec.usbId)
                                                        : autoUsbOpener(*bus_, DeviceKind::scanner);
        auto hid = scanner::HidScanner::create(std::move(opener));
        if (!hid) {
            return fail(hid.error());
        }
        return std::unique_ptr<Scanner>(std::move(*hid));
    }
    case Backend::tty: break;  // refused by checkKind
    }
    return fail(ErrorCode::internal, "no scanner backend for " + formatDeviceSpec(spec));
}

Expected<std::shared_ptr<camera::CameraStream>> DeviceFactory::makeCamera(
    const DeviceSpec& spec, camera::CameraStatusCallback onStatus) {
    if (auto ok = checkKind(spec, DeviceKind::camera); !ok) {
        return fail(ok.error());
    }
    switch (spec.backend) {
    case Backend::sim:
        return cameraFor("sim", camera::scriptedOpener(simulatedCameraScript(), "simulated camera"),
                         std::move(onStatus));
    case Backend::automatic:
        return cameraFor("auto", camera::LinuxV4l2Device::firstCaptureNodeOpener(options_.devDir),
                         std::move(onStatus));
    case Backend::v4l2:
        return cameraFor(spec.path, camera::LinuxV4l2Device::openerFor(spec.path), std::move(onStatus));
    case Backend::usb:
    case Backend::tty: break;  // refused by checkKind
    }
    return fail(ErrorCode::internal, "no camera backend for " + formatDeviceSpec(spec));
}

void DeviceFactory::StatusRelay::operator()(const Status& status) {
    std::lock_guard lock(mutex);
    if (callback) {
        callback(status);
    }
}

std::shared_ptr<camera::CameraStream> DeviceFactory::scanCamera(const DeviceSpec& spec) {
    if (spec.kind != DeviceKind::scanner || spec.backend != Backend::v4l2) {
        return nullptr;
    }
    std::lock_guard lock(mutex_);
    auto found = cameras_.find(spec.path);
    return found == cameras_.end() ? nullptr : found->second.stream.lock();
}

std::shared_ptr<camera::CameraStream> DeviceFactory::cameraFor(const std::string& key,
                                                               const camera::V4l2Opener& opener,
                                                               camera::CameraStatusCallback onStatus,
                                                               bool startActive) {
    std::lock_guard lock(mutex_);
    CameraEntry& entry = cameras_[key];
    if (!entry.relay) {
        entry.relay = std::make_shared<StatusRelay>();
    }
    std::shared_ptr<camera::CameraStream> stream = entry.stream.lock();
    if (onStatus) {
        std::lock_guard relayLock(entry.relay->mutex);
        entry.relay->callback = std::move(onStatus);
        if (stream) {
            entry.relay->callback(stream->status());
        }
    }
    if (!stream) {
        camera::CameraStreamOptions options = options_.camera;
        options.startActive = startActive;
        stream = std::make_shared<camera::CameraStream>(
            opener, options, [relay = entry.relay](const Status& status) { (*relay)(status); });
        entry.stream = stream;
    }
    return stream;
}

}  // namespace yimen::kiosk
