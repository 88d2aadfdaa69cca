// Tests for drivers/config/known_devices: the table `auto` reads, and which plugged-in device it picks.
#include <catch2/catch.hpp>

#include "drivers/config/known_devices.h"
#include "drivers/idcard/sam_transport_factory.h"

using namespace yimen;
using namespace yimen::drivers;
using namespace yimen::drivers::config;

namespace {

usb::UsbDeviceInfo device(usb::UsbId id, std::uint8_t address, std::uint8_t interfaceClass = 0xFF,
                          const char* product = "") {
    usb::UsbDeviceInfo info;
    info.id = id;
    info.location = {1, address};
    info.product = product;
    usb::UsbInterface i;
    i.interfaceClass = interfaceClass;
    info.interfaces.push_back(i);
    return info;
}

}  // namespace

TEST_CASE("every_reader_the_idcard_driver_knows_is_an_auto_card_reader") {
    const auto readers = knownDevices(DeviceKind::cardReader);
    REQUIRE(readers.size() == idcard::knownSamReaders().size());
    for (const idcard::KnownSamReader& reader : idcard::knownSamReaders()) {
        CHECK(findKnownDevice(DeviceKind::cardReader, reader.id));
    }
}

TEST_CASE("known_printers_and_scanner_vendors_are_recognised_and_others_are_not") {
    CHECK(findKnownDevice(DeviceKind::receiptPrinter, {0x04B8, 0x0E03})->description ==
          "Epson TM-T20 thermal receipt printer");
    CHECK(findKnownDevice(DeviceKind::receiptPrinter, {0x1504, 0x001F}));
    CHECK_FALSE(findKnownDevice(DeviceKind::receiptPrinter, {0x04B8, 0x0101}));  // an Epson scanner
    // Scanner vendors make nothing else: any of their products.
    CHECK(findKnownDevice(DeviceKind::scanner, {0x1EAB, 0x1310}));
    CHECK(findKnownDevice(DeviceKind::scanner, {0x0C2E, 0x0B81}));
    CHECK(findKnownDevice(DeviceKind::scanner, {0x05E0, 0x1200}));
    CHECK(findKnownDevice(DeviceKind::scanner, {0x05F9, 0x2206}));
    CHECK_FALSE(findKnownDevice(DeviceKind::scanner, {0x046D, 0xC31C}));  // a keyboard
    CHECK(knownDevices(DeviceKind::camera).empty());
}

TEST_CASE("auto_picks_the_known_device_of_the_kind_among_the_plugged_ones") {
    const std::vector<usb::UsbDeviceInfo> plugged{
        device({0x046D, 0xC31C}, 2, 3, "Keyboard"),
        device({0x1EAB, 0x1310}, 3, 3, "Scanner"),
        device({0x1A86, 0x7523}, 4),
        device({0x04B8, 0x0E03}, 5, 7),
    };
    CHECK(pickAutoDevice(DeviceKind::scanner, plugged)->location.address == 3);
    CHECK(pickAutoDevice(DeviceKind::cardReader, plugged)->location.address == 4);
    CHECK(pickAutoDevice(DeviceKind::receiptPrinter, plugged)->location.address == 5);
}

TEST_CASE("auto_prefers_a_native_reader_to_a_generic_serial_bridge") {
    const std::vector<usb::UsbDeviceInfo> plugged{device({0x1A86, 0x7523}, 2), device({0x0400, 0xC35A}, 3)};
    CHECK(pickAutoDevice(DeviceKind::cardReader, plugged)->location.address == 3);
}

TEST_CASE("an_unknown_printer_is_picked_when_it_is_the_only_printer") {
    const std::vector<usb::UsbDeviceInfo> one{device({0x0416, 0x5011}, 6, 7, "POS-80")};
    CHECK(pickAutoDevice(DeviceKind::receiptPrinter, one)->location.address == 6);

    const std::vector<usb::UsbDeviceInfo> two{device({0x0416, 0x5011}, 6, 7, "POS-80"),
                                              device({0x03F0, 0x2B17}, 7, 7, "LaserJet")};
    auto picked = pickAutoDevice(DeviceKind::receiptPrinter, two);
    REQUIRE_FALSE(picked);
    CHECK(picked.error().code == ErrorCode::conflict);
    CHECK_THAT(picked.error().message, Catch::Contains("0416:5011 (POS-80)") &&
                                           Catch::Contains("03f0:2b17 (LaserJet)") &&
                                           Catch::Contains("usb:VID:PID"));
}

TEST_CASE("auto_with_nothing_suitable_plugged_in_is_not_found") {
    const std::vector<usb::UsbDeviceInfo> plugged{device({0x046D, 0xC31C}, 2, 3, "Keyboard")};
    for (const DeviceKind kind : allDeviceKinds()) {
        auto picked = pickAutoDevice(kind, plugged);
        REQUIRE_FALSE(picked);
        CHECK(picked.error().code == ErrorCode::notFound);
    }
}
