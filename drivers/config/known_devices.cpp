// The known-device table: card readers from drivers/idcard, printers and scanners from usb.ids.
#include "drivers/config/known_devices.h"

#include <algorithm>
#include <cstdio>

#include "drivers/idcard/sam_transport_factory.h"

namespace yimen::drivers::config {
namespace {

constexpr std::uint8_t kPrinterClass = 7;

std::string idText(usb::UsbId id) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04x:%04x", id.vendor, id.product);
    return buf;
}

std::vector<KnownDevice> receiptPrinters() {
    const auto printer = [](std::uint16_t vendor, std::uint16_t product, const char* description) {
        return KnownDevice{DeviceKind::receiptPrinter, {vendor, product}, false, description};
    };
    return {
        printer(0x04B8, 0x0E03, "Epson TM-T20 thermal receipt printer"),
        printer(0x04B8, 0x0202, "Epson UB-U05 interface (TM-T70, TM-T88IV receipt printers)"),
        printer(0x04B8, 0x0E31, "Epson TM-L100 thermal receipt printer"),
        printer(0x0519, 0x0003, "Star TSP100 receipt printer"),
        printer(0x1504, 0x001F, "Bixolon SRP-350II thermal receipt printer"),
        printer(0x1D90, 0x20F0, "Citizen CT-E351 thermal receipt printer"),
        printer(0x0DD4, 0x0237, "Custom K80 80 mm thermal printer"),
        printer(0x0404, 0x0311, "NCR 7167 receipt/slip printer"),
        printer(0x0404, 0x0312, "NCR 7197 receipt printer"),
    };
}

std::vector<KnownDevice> scanners() {
    const auto vendor = [](std::uint16_t id, const char* description) {
        return KnownDevice{DeviceKind::scanner, {id, 0}, true, description};
    };
    return {
        vendor(0x0C2E, "Honeywell/Metrologic barcode scanner"),
        vendor(0x05E0, "Symbol/Zebra barcode scanner"),
        vendor(0x05F9, "Datalogic (PSC) barcode scanner"),
        vendor(0x1EAB, "Newland barcode scanner"),
    };
}

bool hasPrinterInterface(const usb::UsbDeviceInfo& info) {
    return std::any_of(info.interfaces.begin(), info.interfaces.end(),
                       [](const usb::UsbInterface& i) { return i.interfaceClass == kPrinterClass; });
}

}  // namespace

std::vector<KnownDevice> knownDevices(DeviceKind kind) {
    switch (kind) {
    case DeviceKind::cardReader: {
        std::vector<KnownDevice> readers;
        for (const idcard::KnownSamReader& reader : idcard::knownSamReaders()) {
            readers.push_back({DeviceKind::cardReader, reader.id, false, reader.description});
        }
        return readers;
    }
    case DeviceKind::receiptPrinter: return receiptPrinters();
    case DeviceKind::scanner: return scanners();
    case DeviceKind::camera: return {};
    }
    return {};
}

std::optional<KnownDevice> findKnownDevice(DeviceKind kind, usb::UsbId id) {
    for (KnownDevice& known : knownDevices(kind)) {
        if (known.matches(id)) {
            return std::move(known);
        }
    }
    return std::nullopt;
}

Expected<usb::UsbDeviceInfo> pickAutoDevice(DeviceKind kind, const std::vector<usb::UsbDeviceInfo>& plugged) {
    for (const KnownDevice& known : knownDevices(kind)) {
        for (const usb::UsbDeviceInfo& info : plugged) {
            if (known.matches(info.id)) {
                return info;
            }
        }
    }
    if (kind == DeviceKind::receiptPrinter) {
        std::vector<const usb::UsbDeviceInfo*> printers;
        for (const usb::UsbDeviceInfo& info : plugged) {
            if (hasPrinterInterface(info)) {
                printers.push_back(&info);
            }
        }
        if (printers.size() == 1) {
            return *printers.front();
        }
        if (printers.size() > 1) {
            std::string list;
            for (const usb::UsbDeviceInfo* info : printers) {
                list += (list.empty() ? "" : ", ") + idText(info->id) +
                        (info->product.empty() ? "" : " (" + info->product + ")");
            }
            return fail(ErrorCode::conflict, "several printers are plugged in (" + list +
                                                 "); set devices.receiptPrinter to usb:VID:PID");
        }
    }
    return fail(ErrorCode::notFound, std::string("no known ") + toString(kind) + " is plugged in");
}

}  // namespace yimen::drivers::config
