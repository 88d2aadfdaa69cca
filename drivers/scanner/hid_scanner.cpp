// HidScanner: interface selection by report descriptor, interrupt reads, and code assembly with timeouts.
#include "drivers/scanner/hid_scanner.h"

#include <algorithm>
#include <cstdio>
#include <type_traits>

#include "common/log.h"
#include "drivers/protocol/hid_report_descriptor.h"

namespace yimen::drivers::scanner {

using namespace protocol;

namespace {

constexpr const char* kLog = "scanner";
constexpr std::uint8_t kHidInterfaceClass = 3;
constexpr std::uint8_t kBootSubclass = 1;
constexpr std::uint8_t kKeyboardProtocol = 1;
// Standard GET_DESCRIPTOR to an interface, for the HID report descriptor (type 0x22, index 0).
constexpr std::uint8_t kStandardInterfaceIn = 0x81;
constexpr std::uint8_t kGetDescriptor = 0x06;
constexpr std::uint16_t kReportDescriptor = 0x2200;
// HID class SET_PROTOCOL, value 0 = boot protocol.
constexpr std::uint8_t kClassInterfaceOut = 0x21;
constexpr std::uint8_t kSetProtocol = 0x0B;
// Codes nobody has asked for yet; a scanner left unread past this keeps only the newest.
constexpr std::size_t kMaxQueuedCodes = 32;

std::string hex4(std::uint16_t v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04x", static_cast<unsigned>(v));
    return buf;
}

std::optional<usb::UsbEndpoint> interruptIn(const usb::UsbInterface& iface) {
    for (const usb::UsbEndpoint& ep : iface.endpoints) {
        if (ep.type == usb::TransferType::interrupt && ep.isIn()) {
            return ep;
        }
    }
    return std::nullopt;
}

using Layout = std::variant<KeyboardReportLayout, BarcodeReportLayout>;

std::size_t reportBytesOf(const Layout& layout) {
    return std::visit([](const auto& l) { return l.reportBytes; }, layout);
}

}  // namespace

const char* toString(HidScannerKind kind) {
    switch (kind) {
    case HidScannerKind::automatic: return "automatic";
    case HidScannerKind::keyboardWedge: return "keyboard wedge";
    case HidScannerKind::hidPos: return "HID POS";
    }
    return "?";
}

Expected<std::unique_ptr<HidScanner>> HidScanner::create(UsbDeviceOpener opener, HidScannerOptions options) {
    if (!opener) {
        return fail(ErrorCode::invalidInput, "scanner: no way to open the device");
    }
    return std::unique_ptr<HidScanner>(new HidScanner(std::move(opener), std::move(options)));
}

HidScanner::HidScanner(UsbDeviceOpener opener, HidScannerOptions options)
    : opener_(std::move(opener)),
      options_(std::move(options)),
      wedge_(options_.wedge),
      barcode_(options_.hidPos) {}

HidScanner::~HidScanner() {
    std::lock_guard lock(mutex_);
    if (connection_) {
        // Hands the interface back to usbhid; a failure (already unplugged) changes nothing.
        (void)connection_->device->releaseInterface(connection_->interfaceNumber);
    }
}

ScanClock::time_point HidScanner::now() const {
    return options_.clock ? options_.clock() : ScanClock::now();
}

std::optional<HidScannerKind> HidScanner::connectedKind() const {
    std::lock_guard lock(mutex_);
    if (!connection_) {
        return std::nullopt;
    }
    return std::holds_alternative<KeyboardReportLayout>(connection_->layout) ? HidScannerKind::keyboardWedge
                                                                             : HidScannerKind::hidPos;
}

Status HidScanner::connectLocked() {
    if (connection_) {
        return {};
    }
    auto opened = opener_();
    if (!opened) {
        return Error(opened.error()).withContext("opening the scanner");
    }
    if (!*opened) {
        return fail(ErrorCode::notFound, "opening the scanner: no device");
    }
    std::unique_ptr<usb::UsbDevice> device = std::move(*opened);
    const std::vector<usb::UsbInterface> interfaces = device->info().interfaces;
    std::optional<Error> problem;
    std::optional<Connection> chosen;
    std::optional<Connection> keyboardCandidate;

    for (const usb::UsbInterface& iface : interfaces) {
        const std::optional<usb::UsbEndpoint> endpoint = interruptIn(iface);
        if (iface.interfaceClass != kHidInterfaceClass || iface.alternate != 0 || !endpoint) {
            continue;
        }
        if (Status s = device->claimInterface(iface.number); !s) {
            if (s.error().code == ErrorCode::unavailable) {
                return Error(s.error()).withContext("opening the scanner");
            }
            problem = s.error();
            continue;
        }
        const bool bootKeyboard = iface.subclass == kBootSubclass && iface.protocol == kKeyboardProtocol;
        const auto bootFallback = [&](const Error& why) -> Expected<Layout> {
            if (!bootKeyboard || options_.kind == HidScannerKind::hidPos) {
                return why;
            }
            auto switched = device->controlOut(kClassInterfaceOut, kSetProtocol, 0, iface.number, {},
                                               options_.controlTimeout);
            if (!switched && switched.error().code == ErrorCode::unavailable) {
                return switched.error();
            }
            log::info(kLog, "reading interface " + std::to_string(iface.number) + " as a boot keyboard (" +
                                why.message + ")");
            return Layout(bootKeyboardLayout());
        };
        const auto choose = [&]() -> Expected<Layout> {
            auto raw = device->controlIn(kStandardInterfaceIn, kGetDescriptor, kReportDescriptor,
                                         iface.number, static_cast<std::uint16_t>(kMaxHidDescriptorBytes),
                                         options_.controlTimeout);
            if (!raw) {
                if (raw.error().code == ErrorCode::unavailable) {
                    return raw.error();
                }
                return bootFallback(Error(raw.error()).withContext("reading the report descriptor"));
            }
            auto descriptor = parseHidReportDescriptor(*raw);
            if (!descriptor) {
                return bootFallback(descriptor.error());
            }
            if (options_.kind != HidScannerKind::keyboardWedge) {
                auto pos = findBarcodeLayout(*descriptor);
                if (pos) {
                    return Layout(*pos);
                }
                if (options_.kind == HidScannerKind::hidPos || pos.error().code != ErrorCode::notFound) {
                    return pos.error();
                }
            }
            auto keyboard = findKeyboardLayout(*descriptor);
            if (keyboard) {
                return Layout(*keyboard);
            }
            return bootFallback(keyboard.error());
        };
        auto layout = choose();
        if (!layout) {
            if (layout.error().code == ErrorCode::unavailable) {
                return Error(layout.error()).withContext("opening the scanner");
            }
            problem = Error(layout.error()).withContext("interface " + std::to_string(iface.number));
            (void)device->releaseInterface(iface.number);
            continue;
        }
        Connection c;
        c.interfaceNumber = iface.number;
        c.endpoint = endpoint->address;
        c.readLength = std::max<std::size_t>(reportBytesOf(*layout), endpoint->maxPacketSize);
        c.layout = *layout;
        // A composite scanner may offer a keyboard and a HID POS interface: HID POS carries the raw bytes and
        // the symbology, so automatic mode keeps looking while it has only found a keyboard.
        if (std::holds_alternative<BarcodeReportLayout>(c.layout) ||
            options_.kind != HidScannerKind::automatic) {
            if (keyboardCandidate) {
                (void)device->releaseInterface(keyboardCandidate->interfaceNumber);
            }
            chosen = std::move(c);
            break;
        }
        if (!keyboardCandidate) {
            keyboardCandidate = std::move(c);
        } else {
            (void)device->releaseInterface(iface.number);
        }
    }
    if (!chosen) {
        chosen = std::move(keyboardCandidate);
    }
    if (chosen) {
        chosen->device = std::move(device);
        connection_ = std::move(chosen);
        const usb::UsbDeviceInfo& info = connection_->device->info();
        log::info(kLog,
                  "connected to " + hex4(info.id.vendor) + ":" + hex4(info.id.product) + " " +
                      info.manufacturer + " " + info.product + " as a " +
                      (std::holds_alternative<BarcodeReportLayout>(connection_->layout) ? "HID POS"
                                                                                        : "keyboard-wedge") +
                      " scanner on interface " + std::to_string(connection_->interfaceNumber));
        return {};
    }
    if (problem) {
        return std::move(*problem).withContext("opening the scanner");
    }
    return fail(ErrorCode::notFound,
                "opening the scanner: the device has no HID interface with an interrupt IN endpoint");
}

void HidScanner::dropLocked(const std::string& reason) {
    if (auto dropped = wedge_.reset(reason)) {
        handleLocked({*dropped});
    }
    if (auto dropped = barcode_.reset(reason)) {
        handleLocked({*dropped});
    }
    connection_.reset();
}

void HidScanner::handleLocked(std::vector<ScanEvent> events) {
    for (ScanEvent& event : events) {
        if (auto* code = std::get_if<ScannedCode>(&event)) {
            if (codes_.size() >= kMaxQueuedCodes) {
                log::warn(kLog, "too many unread codes; dropped the oldest");
                codes_.pop_front();
            }
            codes_.push_back(std::move(code->data));
        } else if (const auto* dropped = std::get_if<DroppedCode>(&event)) {
            log::warn(kLog, "dropped an incomplete code (" + std::to_string(dropped->bytes) +
                                " bytes): " + dropped->reason);
        }
    }
}

void HidScanner::handleReportLocked(std::span<const std::uint8_t> report, ScanClock::time_point at) {
    if (report.empty()) {
        return;
    }
    std::visit(
        [&](const auto& layout) {
            using T = std::decay_t<decltype(layout)>;
            if constexpr (std::is_same_v<T, KeyboardReportLayout>) {
                auto state = decodeKeyboardReport(layout, report);
                if (!state) {
                    log::warn(kLog, "skipped a report: " + state.error().message);
                } else if (*state) {
                    handleLocked(wedge_.feed(**state, at));
                }
            } else {
                auto chunk = decodeBarcodeReport(layout, report);
                if (!chunk) {
                    log::warn(kLog, "skipped a report: " + chunk.error().message);
                } else if (*chunk) {
                    handleLocked(barcode_.feed(**chunk, at));
                }
            }
        },
        connection_->layout);
}

std::optional<ScanClock::time_point> HidScanner::pendingDeadlineLocked() const {
    return std::holds_alternative<KeyboardReportLayout>(connection_->layout) ? wedge_.deadline()
                                                                             : barcode_.deadline();
}

Expected<std::optional<std::string>> HidScanner::nextCode(std::chrono::milliseconds timeout) {
    std::lock_guard lock(mutex_);
    const ScanClock::time_point deadline = now() + timeout;
    bool looked = false;
    while (true) {
        if (!codes_.empty()) {
            std::string code = std::move(codes_.front());
            codes_.pop_front();
            return std::optional<std::string>(std::move(code));
        }
        if (Status s = connectLocked(); !s) {
            return s.error();
        }
        const ScanClock::time_point t = now();
        if (std::holds_alternative<KeyboardReportLayout>(connection_->layout)) {
            if (auto due = wedge_.expire(t)) {
                handleLocked({std::move(*due)});
            }
        } else if (auto due = barcode_.expire(t)) {
            handleLocked({std::move(*due)});
        }
        if (!codes_.empty()) {
            continue;
        }
        // A zero timeout still looks once: what the device already holds is read, nothing is waited for.
        if (t >= deadline && looked) {
            return std::optional<std::string>();
        }
        looked = true;
        ScanClock::duration wait = std::min<ScanClock::duration>(deadline - t, options_.pollInterval);
        if (const auto pending = pendingDeadlineLocked(); pending && *pending > t) {
            wait = std::min<ScanClock::duration>(wait, *pending - t);
        }
        const auto waitMs =
            std::max(std::chrono::ceil<std::chrono::milliseconds>(wait), std::chrono::milliseconds(1));
        auto report = connection_->device->read(connection_->endpoint, connection_->readLength, waitMs);
        if (report) {
            handleReportLocked(*report, now());
            continue;
        }
        const Error& error = report.error();
        if (error.code == ErrorCode::timeout) {
            continue;
        }
        if (error.code == ErrorCode::unavailable) {
            log::warn(kLog, "the scanner went away: " + error.message);
            dropLocked("the scanner was unplugged mid-code");
            return Error(error).withContext("reading the scanner");
        }
        if (error.code == ErrorCode::device) {
            if (Status cleared = connection_->device->clearHalt(connection_->endpoint); cleared) {
                log::warn(kLog, "cleared a stalled endpoint: " + error.message);
                continue;
            }
        }
        return Error(error).withContext("reading the scanner");
    }
}

}  // namespace yimen::drivers::scanner
