// USB printer class: interface selection, IEEE 1284 device IDs, port status and DLE EOT replies on bulk IN.
#include "drivers/printer/usb_printer_class.h"

#include <algorithm>
#include <cctype>

#include "drivers/protocol/escpos_status.h"

namespace yimen::drivers::printer {
namespace {

std::string trimmed(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
        s.remove_prefix(1);
    }
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
        s.remove_suffix(1);
    }
    return std::string(s);
}

std::string upper(std::string_view s) {
    std::string out;
    for (char c : s) {
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

// "ESC/POS", "esc-pos", "ESC POS" -> "ESCPOS".
std::string commandKey(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c != ' ' && c != '/' && c != '-' && c != '_') {
            out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
    }
    return out;
}

std::optional<PrinterInterface> interfaceFrom(const usb::UsbInterface& iface) {
    PrinterInterface out;
    out.number = iface.number;
    out.alternate = iface.alternate;
    out.protocol = iface.protocol;
    for (const usb::UsbEndpoint& ep : iface.endpoints) {
        if (ep.type != usb::TransferType::bulk) {
            continue;
        }
        if (ep.isIn()) {
            if (!out.inEndpoint) {
                out.inEndpoint = ep.address;
                out.inMaxPacketSize = ep.maxPacketSize;
            }
        } else if (out.outEndpoint == 0) {
            out.outEndpoint = ep.address;
        }
    }
    if (out.outEndpoint == 0) {
        return std::nullopt;
    }
    if (iface.protocol != kPrinterProtocolBidirectional) {
        out.inEndpoint.reset();  // a uni-directional interface's IN endpoint, if any, carries nothing of ours
    }
    return out;
}

}  // namespace

Expected<PrinterInterface> findPrinterInterface(const usb::UsbDeviceInfo& device) {
    std::optional<PrinterInterface> best;
    bool onlyIeee1284_4 = false;
    bool sawPrinterClass = false;
    for (const usb::UsbInterface& iface : device.interfaces) {
        if (iface.interfaceClass != kPrinterInterfaceClass || iface.alternate != 0) {
            continue;
        }
        sawPrinterClass = true;
        if (iface.protocol == kPrinterProtocolIeee1284_4) {
            onlyIeee1284_4 = true;
            continue;
        }
        std::optional<PrinterInterface> candidate = interfaceFrom(iface);
        if (!candidate) {
            continue;
        }
        if (!best || (candidate->bidirectional() && !best->bidirectional())) {
            best = candidate;
        }
    }
    if (best) {
        return *best;
    }
    if (!sawPrinterClass) {
        return fail(ErrorCode::notFound, "the device has no USB printer-class interface");
    }
    if (onlyIeee1284_4) {
        return fail(ErrorCode::notFound,
                    "the printer offers only IEEE 1284.4 (protocol 3), which ESC/POS does not use");
    }
    return fail(ErrorCode::notFound, "the printer interface has no bulk OUT endpoint");
}

bool Ieee1284DeviceId::supportsCommandSet(std::string_view command) const {
    const std::string wanted = commandKey(command);
    std::string_view rest = commandSet;
    while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        const std::string_view item = rest.substr(0, comma);
        if (commandKey(item) == wanted) {
            return true;
        }
        if (comma == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(comma + 1);
    }
    return false;
}

Expected<Ieee1284DeviceId> parseDeviceIdReply(std::span<const std::uint8_t> reply) {
    if (reply.size() < 2) {
        return fail(ErrorCode::invalidInput,
                    "device ID reply of " + std::to_string(reply.size()) + " bytes has no length field");
    }
    std::size_t length = (std::size_t{reply[0]} << 8) | reply[1];
    if (length < 2 || length > reply.size()) {
        const std::size_t littleEndian = (std::size_t{reply[1]} << 8) | reply[0];
        if (littleEndian >= 2 && littleEndian <= reply.size()) {
            length = littleEndian;
        } else {
            length = reply.size();
        }
    }
    const std::string_view text(reinterpret_cast<const char*>(reply.data() + 2), length - 2);

    Ieee1284DeviceId id;
    std::string_view rest = text;
    while (!rest.empty()) {
        const std::size_t semicolon = rest.find(';');
        const std::string_view pair = rest.substr(0, semicolon);
        rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
        const std::size_t colon = pair.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        std::string key = trimmed(pair.substr(0, colon));
        std::string value = trimmed(pair.substr(colon + 1));
        // A NUL ends the value: some printers pad the ID with zeros.
        if (const std::size_t nul = value.find('\0'); nul != std::string::npos) {
            value.resize(nul);
        }
        if (key.empty()) {
            continue;
        }
        const std::string k = upper(key);
        if ((k == "MFG" || k == "MANUFACTURER") && id.manufacturer.empty()) {
            id.manufacturer = value;
        } else if ((k == "MDL" || k == "MODEL") && id.model.empty()) {
            id.model = value;
        } else if ((k == "CMD" || k == "COMMAND SET") && id.commandSet.empty()) {
            id.commandSet = value;
        } else if ((k == "DES" || k == "DESCRIPTION") && id.description.empty()) {
            id.description = value;
        }
        id.fields.emplace_back(std::move(key), std::move(value));
    }
    if (id.fields.empty()) {
        return fail(ErrorCode::invalidInput, "device ID reply holds no KEY:VALUE pair");
    }
    return id;
}

PrinterStatus decodePortStatus(std::uint8_t portStatus) {
    constexpr std::uint8_t kNotError = 0x08;
    constexpr std::uint8_t kSelected = 0x10;
    constexpr std::uint8_t kPaperEmpty = 0x20;
    PrinterStatus status;
    status.paperOut = (portStatus & kPaperEmpty) != 0;
    status.online = (portStatus & kSelected) != 0;
    status.error = (portStatus & kNotError) == 0 && !status.paperOut;
    return status;
}

std::optional<std::uint8_t> findStatusReply(std::span<const std::uint8_t> bytes) {
    for (auto it = bytes.rbegin(); it != bytes.rend(); ++it) {
        if (protocol::isStatusReply(*it)) {
            return *it;
        }
    }
    return std::nullopt;
}

}  // namespace yimen::drivers::printer
