// The serial-bridge set-up sends exactly the control requests of the Linux drivers for 115200 8N1.
#include "drivers/idcard/usb_serial_bridge.h"

#include <catch2/catch.hpp>

#include "idcard_test_support.h"

using namespace yimen;
using namespace yimen::drivers::idcard;
using namespace yimen::drivers::idcard::test;
using yimen::drivers::usb::ScriptedUsbDevice;
using yimen::drivers::usb::UsbScript;

namespace {

ScriptedUsbDevice bridge(std::shared_ptr<UsbScript> script, std::uint16_t vendor, std::uint16_t product) {
    return ScriptedUsbDevice(drivers::usb::bulkDeviceInfo({vendor, product}, {1, 7}, 0xFF, 0x02, 0x82),
                             std::move(script));
}

}  // namespace

TEST_CASE("CH341 divisors match the Linux driver's for the reader speeds", "[idcard][bridge]") {
    CHECK(ch341Divisor(115200) == std::optional<std::uint16_t>(0xCC03));
    CHECK(ch341Divisor(9600) == std::optional<std::uint16_t>(0xB202));
    CHECK(ch341Divisor(57600) == std::optional<std::uint16_t>(0x9803));
    CHECK(ch341Divisor(19200) == std::optional<std::uint16_t>(0xD902));
    CHECK_FALSE(ch341Divisor(45));
    CHECK_FALSE(ch341Divisor(3000001));
}

TEST_CASE("a CH340 of version 0x31 is set to 115200 8N1 with DTR and RTS raised", "[idcard][bridge]") {
    auto script = std::make_shared<UsbScript>();
    script->expectControlIn(0xC0, 0x5F, 0x0000, 0, {0x31, 0x00})
        .expectControlOut(0x40, 0xA1, 0x0000, 0)
        .expectControlOut(0x40, 0x9A, 0x1312, 0xCC83)
        .expectControlOut(0x40, 0x9A, 0x2518, 0x00C3)
        .expectControlOut(0x40, 0xA4, 0xFF9F, 0);
    auto device = bridge(script, 0x1A86, 0x7523);
    REQUIRE(configureSerialBridge(device, SerialBridge::ch341, 0, 115200));
    CHECK(script->finished());
    CHECK(script->mismatches().empty());
}

TEST_CASE("an old CH340 (0x27) gets no buffering flag and no line-control write", "[idcard][bridge]") {
    auto script = std::make_shared<UsbScript>();
    script->expectControlIn(0xC0, 0x5F, 0x0000, 0, {0x27, 0x00})
        .expectControlOut(0x40, 0xA1, 0x0000, 0)
        .expectControlOut(0x40, 0x9A, 0x1312, 0xCC03)
        .expectControlOut(0x40, 0xA4, 0xFF9F, 0);
    auto device = bridge(script, 0x1A86, 0x7523);
    REQUIRE(configureSerialBridge(device, SerialBridge::ch341, 0, 115200));
    CHECK(script->finished());
}

TEST_CASE("a CP2102 is enabled, set to 115200 8N1 and has DTR and RTS raised", "[idcard][bridge]") {
    auto script = std::make_shared<UsbScript>();
    script->expectControlOut(0x41, 0x00, 0x0001, 0)
        .expectControlOut(0x41, 0x1E, 0x0000, 0, fromHex("00 C2 01 00"))
        .expectControlOut(0x41, 0x03, 0x0800, 0)
        .expectControlOut(0x41, 0x07, 0x0303, 0);
    auto device = bridge(script, 0x10C4, 0xEA60);
    REQUIRE(configureSerialBridge(device, SerialBridge::cp210x, 0, 115200));
    CHECK(script->finished());
}

TEST_CASE("a PL2303 goes through the start-up sequence, then line coding and control lines",
          "[idcard][bridge]") {
    auto script = std::make_shared<UsbScript>();
    script->expectControlIn(0xC0, 0x01, 0x8484, 0, {0x00})
        .expectControlOut(0x40, 0x01, 0x0404, 0)
        .expectControlIn(0xC0, 0x01, 0x8484, 0, {0x00})
        .expectControlIn(0xC0, 0x01, 0x8383, 0, {0x00})
        .expectControlIn(0xC0, 0x01, 0x8484, 0, {0x00})
        .expectControlOut(0x40, 0x01, 0x0404, 1)
        .expectControlIn(0xC0, 0x01, 0x8484, 0, {0x00})
        .expectControlIn(0xC0, 0x01, 0x8383, 0, {0x00})
        .expectControlOut(0x40, 0x01, 0x0000, 1)
        .expectControlOut(0x40, 0x01, 0x0001, 0)
        .expectControlOut(0x40, 0x01, 0x0002, 0x44)
        .expectControlOut(0x40, 0x01, 0x0008, 0)
        .expectControlOut(0x40, 0x01, 0x0009, 0)
        .expectControlOut(0x21, 0x20, 0x0000, 0, fromHex("00 C2 01 00 00 00 08"))
        .expectControlOut(0x21, 0x22, 0x0003, 0);
    auto device = bridge(script, 0x067B, 0x2303);
    REQUIRE(configureSerialBridge(device, SerialBridge::pl2303, 0, 115200));
    CHECK(script->finished());
    CHECK(script->mismatches().empty());
}

TEST_CASE("a bridge that refuses a request fails the set-up naming the step", "[idcard][bridge]") {
    auto script = std::make_shared<UsbScript>();
    script->expectControlIn(0xC0, 0x5F, 0x0000, 0, {0x31, 0x00}).stall(0);
    auto device = bridge(script, 0x1A86, 0x7523);
    auto result = configureSerialBridge(device, SerialBridge::ch341, 0, 115200);
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::device);
    CHECK(result.error().message.find("CH341") != std::string::npos);
    CHECK(result.error().message.find("0xa1") != std::string::npos);
}

TEST_CASE("a CH340 that answers its version with nothing is refused", "[idcard][bridge]") {
    auto script = std::make_shared<UsbScript>();
    script->expectControlIn(0xC0, 0x5F, 0x0000, 0, {});
    auto device = bridge(script, 0x1A86, 0x7523);
    CHECK(configureSerialBridge(device, SerialBridge::ch341, 0, 115200).error().code ==
          ErrorCode::invalidInput);
}
