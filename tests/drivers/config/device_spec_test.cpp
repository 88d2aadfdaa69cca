// Tests for drivers/config/device_spec: every accepted form per device kind, and clear errors for the rest.
#include <catch2/catch.hpp>

#include "drivers/config/device_spec.h"

using namespace yimen;
using namespace yimen::drivers::config;

TEST_CASE("accepted_values_parse_to_their_backend") {
    struct Row {
        DeviceKind kind;
        const char* text;
        Backend backend;
        yimen::drivers::usb::UsbId id;
        const char* path;
    };
    const std::vector<Row> rows{
        {DeviceKind::cardReader, "auto", Backend::automatic, {}, ""},
        {DeviceKind::cardReader, "sim", Backend::sim, {}, ""},
        {DeviceKind::cardReader, "usb:1a86:7523", Backend::usb, {0x1A86, 0x7523}, ""},
        {DeviceKind::cardReader, "USB:0x0400:0xC35A", Backend::usb, {0x0400, 0xC35A}, ""},
        {DeviceKind::cardReader, "tty:/dev/ttyUSB0", Backend::tty, {}, "/dev/ttyUSB0"},
        {DeviceKind::cardReader,
         "tty:/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0",
         Backend::tty,
         {},
         "/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0"},
        {DeviceKind::receiptPrinter, " auto ", Backend::automatic, {}, ""},
        {DeviceKind::receiptPrinter, "usb:4b8:e03", Backend::usb, {0x04B8, 0x0E03}, ""},
        {DeviceKind::scanner, "usb:1eab:1310", Backend::usb, {0x1EAB, 0x1310}, ""},
        {DeviceKind::scanner, "v4l2:/dev/video0", Backend::v4l2, {}, "/dev/video0"},
        {DeviceKind::scanner, "Sim", Backend::sim, {}, ""},
        {DeviceKind::camera,
         "v4l2:/dev/v4l/by-id/usb-Camera-video-index0",
         Backend::v4l2,
         {},
         "/dev/v4l/by-id/usb-Camera-video-index0"},
        {DeviceKind::camera, "auto", Backend::automatic, {}, ""},
        {DeviceKind::camera, "sim", Backend::sim, {}, ""},
    };
    for (const Row& row : rows) {
        INFO(toString(row.kind) << " = " << row.text);
        auto spec = parseDeviceSpec(row.kind, row.text);
        REQUIRE(spec);
        CHECK(spec->kind == row.kind);
        CHECK(spec->backend == row.backend);
        CHECK(spec->usbId == row.id);
        CHECK(spec->path == row.path);
    }
}

TEST_CASE("values_a_device_kind_cannot_use_are_refused_with_what_it_accepts") {
    struct Row {
        DeviceKind kind;
        const char* text;
        const char* says;
    };
    const std::vector<Row> rows{
        {DeviceKind::receiptPrinter, "tty:/dev/ttyUSB0", "a receiptPrinter cannot be on tty"},
        {DeviceKind::cardReader, "v4l2:/dev/video0", "a cardReader cannot be on v4l2"},
        {DeviceKind::camera, "usb:046d:0825", "a camera cannot be on usb"},
        {DeviceKind::scanner, "tty:/dev/ttyACM0", "a scanner cannot be on tty"},
        {DeviceKind::cardReader, "", "no backend given"},
        {DeviceKind::cardReader, "   ", "no backend given"},
        {DeviceKind::cardReader, "serial:/dev/ttyS0", "unknown backend \"serial\""},
        {DeviceKind::cardReader, "usb", "usb needs a vendor and a product id"},
        {DeviceKind::cardReader, "usb:1a86", "usb needs a vendor and a product id"},
        {DeviceKind::cardReader, "usb:1a86:75230", "1 to 4 hex digits"},
        {DeviceKind::cardReader, "usb:1a86:", "1 to 4 hex digits"},
        {DeviceKind::cardReader, "usb:xyz:7523", "1 to 4 hex digits"},
        {DeviceKind::cardReader, "usb:0000:7523", "vendor id 0000"},
        {DeviceKind::cardReader, "usb:1a86:7523:9", "1 to 4 hex digits"},
        {DeviceKind::cardReader, "tty:", "the path is missing"},
        {DeviceKind::cardReader, "tty:ttyUSB0", "the path must be absolute"},
        {DeviceKind::cardReader, "tty:/dev/../etc/shadow", "must not contain \"..\""},
        {DeviceKind::camera, "v4l2:/dev/video0\n/x", "control character"},
        {DeviceKind::cardReader, "auto:1", "\"auto\" takes no argument"},
        {DeviceKind::cardReader, "sim:", "\"sim\" takes no argument"},
    };
    for (const Row& row : rows) {
        INFO(toString(row.kind) << " = " << row.text);
        auto spec = parseDeviceSpec(row.kind, row.text);
        REQUIRE_FALSE(spec);
        CHECK(spec.error().code == ErrorCode::invalidInput);
        CHECK_THAT(spec.error().message, Catch::Contains(row.says));
        CHECK_THAT(spec.error().message, Catch::StartsWith(std::string("devices.") + toString(row.kind)));
        CHECK_THAT(spec.error().message, Catch::Contains("accepted: " + acceptedBackends(row.kind)));
    }
}

TEST_CASE("each_kind_lists_the_backends_it_accepts") {
    CHECK(acceptedBackends(DeviceKind::cardReader) == "auto, usb:VID:PID, tty:/dev/…, sim");
    CHECK(acceptedBackends(DeviceKind::receiptPrinter) == "auto, usb:VID:PID, sim");
    CHECK(acceptedBackends(DeviceKind::scanner) == "auto, usb:VID:PID, v4l2:/dev/video…, sim");
    CHECK(acceptedBackends(DeviceKind::camera) == "auto, v4l2:/dev/video…, sim");
}

TEST_CASE("a_long_or_unprintable_value_is_quoted_short_and_escaped_in_the_error") {
    const std::string value = "\x1b[31m" + std::string(500, 'x');
    auto spec = parseDeviceSpec(DeviceKind::scanner, value);
    REQUIRE_FALSE(spec);
    CHECK_THAT(spec.error().message, Catch::Contains("\"\\x1b[31mxxx"));
    CHECK(spec.error().message.find('\x1b') == std::string::npos);
    CHECK(spec.error().message.size() < 400);
}

TEST_CASE("a_spec_formats_to_a_value_that_parses_back_to_it") {
    for (const char* text : {"auto", "sim", "usb:1a86:7523", "tty:/dev/ttyUSB0"}) {
        auto spec = parseDeviceSpec(DeviceKind::cardReader, text);
        REQUIRE(spec);
        CHECK(formatDeviceSpec(*spec) == text);
    }
    auto odd = parseDeviceSpec(DeviceKind::scanner, " USB:0X1EAB:0c10 ");
    REQUIRE(odd);
    CHECK(formatDeviceSpec(*odd) == "usb:1eab:0c10");
    CHECK(parseDeviceSpec(DeviceKind::scanner, formatDeviceSpec(*odd)).value() == *odd);
}

TEST_CASE("device_kinds_have_the_configuration_key_names") {
    for (const DeviceKind kind : allDeviceKinds()) {
        CHECK(deviceKindNamed(toString(kind)) == kind);
    }
    CHECK(allDeviceKinds().size() == 4);
    CHECK_FALSE(deviceKindNamed("printer"));
}
