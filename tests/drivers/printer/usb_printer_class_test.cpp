// Tests for drivers/printer/usb_printer_class.cpp: interface choice, IEEE 1284 IDs, port status, DLE EOT
// replies.
#include "drivers/printer/usb_printer_class.h"

#include <catch2/catch.hpp>

#include "tests/drivers/test_support.h"

using namespace yimen;
using namespace yimen::drivers;
using namespace yimen::drivers::printer;
using yimen::drivers::test::hexBytes;

namespace {

usb::UsbInterface printerInterface(std::uint8_t number, std::uint8_t protocol, bool withIn,
                                   std::uint8_t alternate = 0) {
    usb::UsbInterface i;
    i.number = number;
    i.alternate = alternate;
    i.interfaceClass = kPrinterInterfaceClass;
    i.subclass = 1;
    i.protocol = protocol;
    i.endpoints.push_back({static_cast<std::uint8_t>(0x01 + number), usb::TransferType::bulk, 64});
    if (withIn) {
        i.endpoints.push_back({static_cast<std::uint8_t>(0x81 + number), usb::TransferType::bulk, 64});
    }
    return i;
}

std::vector<std::uint8_t> deviceIdReply(std::string_view id) {
    const std::size_t length = id.size() + 2;
    std::vector<std::uint8_t> r(length);
    r[0] = static_cast<std::uint8_t>(length >> 8);
    r[1] = static_cast<std::uint8_t>(length & 0xFF);
    std::copy(id.begin(), id.end(), r.begin() + 2);
    return r;
}

}  // namespace

TEST_CASE("the bi-directional printer interface is preferred and its endpoints found") {
    usb::UsbDeviceInfo device;
    device.interfaces = {printerInterface(0, kPrinterProtocolUnidirectional, false),
                         printerInterface(1, kPrinterProtocolBidirectional, true)};
    auto iface = findPrinterInterface(device);
    REQUIRE(iface.hasValue());
    CHECK(iface->number == 1);
    CHECK(iface->bidirectional());
    CHECK(iface->outEndpoint == 0x02);
    CHECK(iface->inEndpoint == std::uint8_t{0x82});
}

TEST_CASE("a uni-directional printer is used without a status channel") {
    usb::UsbDeviceInfo device;
    // Protocol 1 with a stray IN endpoint: the IN endpoint is not for us.
    device.interfaces = {printerInterface(0, kPrinterProtocolUnidirectional, true)};
    auto iface = findPrinterInterface(device);
    REQUIRE(iface.hasValue());
    CHECK_FALSE(iface->bidirectional());
    CHECK(iface->outEndpoint == 0x01);
}

TEST_CASE("devices without a usable printer interface are refused with the reason") {
    struct Case {
        const char* what;
        std::vector<usb::UsbInterface> interfaces;
        const char* message;
    };
    usb::UsbInterface hid;
    hid.interfaceClass = 3;
    usb::UsbInterface noOut = printerInterface(0, kPrinterProtocolBidirectional, true);
    noOut.endpoints.erase(noOut.endpoints.begin());
    const Case cases[] = {
        {"a HID device", {hid}, "the device has no USB printer-class interface"},
        {"IEEE 1284.4 only",
         {printerInterface(0, kPrinterProtocolIeee1284_4, true)},
         "the printer offers only IEEE 1284.4 (protocol 3), which ESC/POS does not use"},
        {"no bulk OUT", {noOut}, "the printer interface has no bulk OUT endpoint"},
        {"only an alternate setting",
         {printerInterface(0, kPrinterProtocolBidirectional, true, 1)},
         "the device has no USB printer-class interface"},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        usb::UsbDeviceInfo device;
        device.interfaces = c.interfaces;
        auto iface = findPrinterInterface(device);
        REQUIRE_FALSE(iface.hasValue());
        CHECK(iface.error().code == ErrorCode::notFound);
        CHECK(iface.error().message == c.message);
    }
}

TEST_CASE("an IEEE 1284 device ID is split into its fields") {
    auto id = parseDeviceIdReply(
        deviceIdReply("MFG:Xprinter;MDL:XP-80C;CMD:ESC/POS,GB18030;CLASS:PRINTER;DES:Thermal 80;"));
    REQUIRE(id.hasValue());
    CHECK(id->manufacturer == "Xprinter");
    CHECK(id->model == "XP-80C");
    CHECK(id->commandSet == "ESC/POS,GB18030");
    CHECK(id->description == "Thermal 80");
    CHECK(id->fields.size() == 5);
    CHECK(id->supportsCommandSet("escpos"));
    CHECK(id->supportsCommandSet("GB18030"));
    CHECK_FALSE(id->supportsCommandSet("PCL"));
}

TEST_CASE("long key names, a little-endian length, a length past the reply and padding are tolerated") {
    struct Case {
        const char* what;
        std::vector<std::uint8_t> reply;
        const char* manufacturer;
        const char* model;
    };
    std::vector<std::uint8_t> littleEndian = deviceIdReply("MANUFACTURER:EPSON;MODEL:TM-T88V;");
    std::swap(littleEndian[0], littleEndian[1]);
    std::vector<std::uint8_t> tooLong = deviceIdReply("MFG:SNBC;MDL:BTP-R880NP;");
    tooLong[0] = 0x04;  // claims 1024+ bytes
    std::vector<std::uint8_t> padded = deviceIdReply("MFG:HPRT;MDL:TP80K;");
    padded.resize(padded.size() + 8, 0);
    const Case cases[] = {
        {"long key names, little-endian", littleEndian, "EPSON", "TM-T88V"},
        {"length past the reply", tooLong, "SNBC", "BTP-R880NP"},
        {"zero padding", padded, "HPRT", "TP80K"},
        {"spaces around values", deviceIdReply(" MFG : Citizen ; MDL: CT-S310II "), "Citizen", "CT-S310II"},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        auto id = parseDeviceIdReply(c.reply);
        REQUIRE(id.hasValue());
        CHECK(id->manufacturer == c.manufacturer);
        CHECK(id->model == c.model);
    }
}

TEST_CASE("replies that are not a device ID are refused") {
    for (const auto& reply :
         {hexBytes(""), hexBytes("00"), deviceIdReply("no pairs here"), hexBytes("00 02")}) {
        auto id = parseDeviceIdReply(reply);
        REQUIRE_FALSE(id.hasValue());
        CHECK(id.error().code == ErrorCode::invalidInput);
    }
}

TEST_CASE("GET_PORT_STATUS bytes decode into what a technician reads") {
    struct Case {
        std::uint8_t port;
        const char* description;
        bool canPrint;
    };
    const Case cases[] = {
        {0x18, "正常", true},                                        // selected, not error
        {0x38, "打印纸已用完", false},                               // paper empty (not-error cleared or not)
        {0x30, "打印纸已用完", false}, {0x10, "打印机故障", false},  // error
        {0x08, "打印机离线", false},                                 // not selected
        {0x00, "打印机故障", false},                                 // off-line because of the error
    };
    for (const Case& c : cases) {
        INFO(static_cast<int>(c.port));
        const PrinterStatus s = decodePortStatus(c.port);
        CHECK(s.describe() == std::string(c.description));
        CHECK(s.canPrint() == c.canPrint);
    }
}

TEST_CASE("the DLE EOT reply is found among bytes read from bulk IN") {
    struct Case {
        const char* bytes;
        std::optional<std::uint8_t> reply;
    };
    const Case cases[] = {
        {"12", 0x12},
        {"", std::nullopt},
        {"10 00 00 0F 72", 0x72},  // an Automatic Status Back block, then the reply
        {"00 FF 80", std::nullopt},
        {"16 1A", 0x1A},  // two replies: the newest counts
    };
    for (const Case& c : cases) {
        INFO(c.bytes);
        CHECK(findStatusReply(hexBytes(c.bytes)) == c.reply);
    }
}
