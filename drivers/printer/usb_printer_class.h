// The USB printer class: finding the printer interface, GET_DEVICE_ID and GET_PORT_STATUS, and DLE EOT on
// bulk IN.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.h"
#include "drivers/receipt_printer.h"
#include "drivers/usb/usb_device.h"

namespace yimen::drivers::printer {

// reference/PROTOCOLS.md B.4 (after Linux drivers/usb/class/usblp.c).
constexpr std::uint8_t kPrinterInterfaceClass = 7;
constexpr std::uint8_t kPrinterProtocolUnidirectional = 1;
constexpr std::uint8_t kPrinterProtocolBidirectional = 2;
constexpr std::uint8_t kPrinterProtocolIeee1284_4 = 3;
constexpr std::uint8_t kClassInterfaceIn = 0xA1;  // IN | class | interface
constexpr std::uint8_t kRequestGetDeviceId = 0x00;
constexpr std::uint8_t kRequestGetPortStatus = 0x01;
// An IEEE 1284 ID is a few hundred bytes; usblp reads up to 1023.
constexpr std::uint16_t kMaxDeviceIdBytes = 1023;

// The interface the driver talks ESC/POS through.
struct PrinterInterface {
    std::uint8_t number = 0;
    std::uint8_t alternate = 0;
    std::uint8_t protocol = kPrinterProtocolUnidirectional;
    std::uint8_t outEndpoint = 0;
    std::optional<std::uint8_t> inEndpoint;  // protocol 2 only
    std::uint16_t inMaxPacketSize = 64;

    // Replies (DLE EOT) come back on bulk IN.
    bool bidirectional() const { return inEndpoint.has_value(); }
};

// The printer-class interface of `device`: alternate setting 0 (the one in force after claiming),
// bi-directional (protocol 2, bulk OUT and bulk IN) preferred over uni-directional (protocol 1, bulk OUT).
// Errors: notFound when the device has no printer-class interface, or offers only IEEE 1284.4 (protocol 3, a
// packet protocol ESC/POS does not speak), or its interface has no bulk OUT endpoint.
[[nodiscard]] Expected<PrinterInterface> findPrinterInterface(const usb::UsbDeviceInfo& device);

// The printer's IEEE 1284 device ID, e.g. "MFG:EPSON;MDL:TM-T88V;CMD:ESC/POS;CLASS:PRINTER;".
struct Ieee1284DeviceId {
    std::string manufacturer;                                 // MFG or MANUFACTURER
    std::string model;                                        // MDL or MODEL
    std::string commandSet;                                   // CMD or COMMAND SET, e.g. "ESC/POS,GB18030"
    std::string description;                                  // DES or DESCRIPTION
    std::vector<std::pair<std::string, std::string>> fields;  // every KEY:VALUE pair, in order

    // True when the CMD list names `command` (case-insensitive, ignoring spaces, '/' and '-': "ESCPOS"
    // matches "ESC/POS").
    bool supportsCommandSet(std::string_view command) const;
};

// Decodes a GET_DEVICE_ID reply: a 2-byte big-endian length that counts itself, then the ID. A length that
// cannot be big-endian is tried little-endian (some printers send it that way), and one past the reply is
// clamped to it. Errors: invalidInput when the reply is shorter than its length field or holds no KEY:VALUE
// pair. Pure.
[[nodiscard]] Expected<Ieee1284DeviceId> parseDeviceIdReply(std::span<const std::uint8_t> reply);

// GET_PORT_STATUS (one byte): bit 3 not-error, bit 4 selected, bit 5 paper empty. "Error" is raised only when
// paper-empty does not already explain it, since printers clear not-error whenever the paper is out. Pure.
PrinterStatus decodePortStatus(std::uint8_t portStatus);

// The reply to a DLE EOT request among bytes read from bulk IN: the last byte that has the fixed bits of a
// DLE EOT reply, so that a stale Automatic Status Back block before it is passed over. nullopt when there is
// none. Pure.
std::optional<std::uint8_t> findStatusReply(std::span<const std::uint8_t> bytes);

}  // namespace yimen::drivers::printer
