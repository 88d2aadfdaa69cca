// Tests for kiosk/device_factory: each spec builds the backend it names, on the scripted USB bus or
// as the simulated twin, and refuses what cannot work.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <filesystem>

#include "drivers/sim/sim_scanner.h"
#include "drivers/usb/scripted_usb_device.h"
#include "kiosk/device_factory.h"

using namespace yimen;
using namespace yimen::drivers;
using namespace yimen::drivers::config;
using namespace yimen::kiosk;
using namespace std::chrono_literals;

namespace {

DeviceSpec spec(DeviceKind kind, const char* text) {
    auto parsed = parseDeviceSpec(kind, text);
    REQUIRE(parsed);
    return *parsed;
}

usb::UsbDeviceInfo printerInfo(usb::UsbId id, std::uint8_t address) {
    auto info = usb::bulkDeviceInfo(id, {1, address}, 7, 0x01, 0x82);
    info.interfaces.front().subclass = 1;
    info.interfaces.front().protocol = 2;
    return info;
}

void expectReadyStatus(usb::UsbScript& script) {
    for (std::uint8_t n = 1; n <= 4; ++n) {
        script.expectWrite(0x01, {0x10, 0x04, n});
        script.reply(0x82, {0x12});
    }
}

std::filesystem::path tempDir(const char* name) {
    return std::filesystem::temp_directory_path() / (std::string(name) + "-" + std::to_string(::getpid()));
}

}  // namespace

TEST_CASE("sim_specs_build_the_simulated_twins") {
    const auto out = tempDir("yimen-factory-receipts");
    DeviceFactoryOptions options;
    options.simIdentities = YIMEN_SIM_IDENTITIES;
    options.simPrinterOut = out;
    options.paper = protocol::PaperWidth::mm58;
    DeviceFactory factory(nullptr, options);

    auto reader = factory.makeCardReader(spec(DeviceKind::cardReader, "sim"));
    REQUIRE(reader);
    auto read = (*reader)->readCard();
    REQUIRE(read);
    CHECK_FALSE(*read);  // no card inserted yet

    auto printer = factory.makeReceiptPrinter(spec(DeviceKind::receiptPrinter, "sim"));
    REQUIRE(printer);
    CHECK((*printer)->widthDots() == 384);

    auto scanner = factory.makeScanner(spec(DeviceKind::scanner, "sim"));
    REQUIRE(scanner);
    CHECK(dynamic_cast<sim::SimScanner*>(scanner->get()) != nullptr);
    std::filesystem::remove_all(out);
}

TEST_CASE("the_simulated_camera_streams_a_picture") {
    DeviceFactory factory(nullptr);
    auto camera = factory.makeCamera(spec(DeviceKind::camera, "sim"));
    REQUIRE(camera);
    const auto frame = (*camera)->frames().waitNewer(0, 10s);
    REQUIRE(frame.frame);
    CHECK(frame.frame->luma.width == 640);
    CHECK(frame.frame->luma.height == 480);
}

TEST_CASE("a_usb_printer_spec_drives_that_printer_on_the_bus") {
    usb::ScriptedUsbBus bus;
    auto script = std::make_shared<usb::UsbScript>();
    expectReadyStatus(*script);
    bus.plug(printerInfo({0x0416, 0x5011}, 5), script);
    DeviceFactory factory(&bus);
    auto printer = factory.makeReceiptPrinter(spec(DeviceKind::receiptPrinter, "usb:0416:5011"));
    REQUIRE(printer);
    auto status = (*printer)->status();
    REQUIRE(status);
    CHECK(status->canPrint());
    CHECK(script->finished());
}

TEST_CASE("an_auto_printer_is_the_known_one_and_is_found_again_after_a_swap") {
    usb::ScriptedUsbBus bus;
    auto first = std::make_shared<usb::UsbScript>();
    expectReadyStatus(*first);
    bus.plug(printerInfo({0x04B8, 0x0E03}, 5), first);
    DeviceFactory factory(&bus);
    auto printer = factory.makeReceiptPrinter(spec(DeviceKind::receiptPrinter, "auto"));
    REQUIRE(printer);
    REQUIRE((*printer)->status());
    CHECK(first->finished());

    // The technician swaps in another model: the next calls find it, no restart.
    bus.unplug({1, 5});
    auto second = std::make_shared<usb::UsbScript>();
    expectReadyStatus(*second);
    bus.plug(printerInfo({0x1504, 0x001F}, 6), second);
    CHECK_FALSE((*printer)->status());  // the call that meets the old, unplugged printer
    auto status = (*printer)->status();
    REQUIRE(status);
    CHECK(second->finished());
}

TEST_CASE("an_absent_usb_device_is_not_an_error_until_it_is_used") {
    usb::ScriptedUsbBus bus;
    DeviceFactory factory(&bus);
    auto scanner = factory.makeScanner(spec(DeviceKind::scanner, "auto"));
    REQUIRE(scanner);
    auto code = (*scanner)->nextCode(0ms);
    REQUIRE_FALSE(code);
    CHECK(code.error().code == ErrorCode::notFound);

    auto reader = factory.makeCardReader(spec(DeviceKind::cardReader, "usb:0400:c35a"));
    REQUIRE(reader);
    auto read = (*reader)->readCard();
    REQUIRE_FALSE(read);
    CHECK((read.error().code == ErrorCode::unavailable || read.error().code == ErrorCode::notFound));
}

TEST_CASE("a_tty_reader_spec_builds_a_reader_that_reports_a_missing_port") {
    DeviceFactory factory(nullptr);
    auto reader = factory.makeCardReader(spec(DeviceKind::cardReader, "tty:/dev/ttyUSB-yimen-missing"));
    REQUIRE(reader);
    auto read = (*reader)->readCard();
    REQUIRE_FALSE(read);
}

TEST_CASE("usb_specs_without_a_usb_bus_are_unavailable") {
    DeviceFactory factory(nullptr);
    for (const char* text : {"auto", "usb:0416:5011"}) {
        auto printer = factory.makeReceiptPrinter(spec(DeviceKind::receiptPrinter, text));
        REQUIRE_FALSE(printer);
        CHECK(printer.error().code == ErrorCode::unavailable);
    }
    auto scanner = factory.makeScanner(spec(DeviceKind::scanner, "usb:1eab:1310"));
    REQUIRE_FALSE(scanner);
    CHECK(scanner.error().code == ErrorCode::unavailable);
}

TEST_CASE("a_spec_for_another_kind_or_backend_is_refused") {
    DeviceFactory factory(nullptr);
    auto wrongKind = factory.makeReceiptPrinter(spec(DeviceKind::scanner, "sim"));
    REQUIRE_FALSE(wrongKind);
    CHECK(wrongKind.error().code == ErrorCode::invalidInput);

    DeviceSpec handMade;
    handMade.kind = DeviceKind::camera;
    handMade.backend = Backend::tty;
    handMade.path = "/dev/ttyUSB0";
    auto wrongBackend = factory.makeCamera(handMade);
    REQUIRE_FALSE(wrongBackend);
    CHECK(wrongBackend.error().code == ErrorCode::invalidInput);
}

TEST_CASE("a_camera_and_a_camera_scanner_on_the_same_node_share_one_stream") {
    DeviceFactory factory(nullptr);
    std::mutex mutex;
    std::vector<ErrorCode> reported;
    auto first = factory.makeCamera(spec(DeviceKind::camera, "v4l2:/dev/video-yimen-missing"));
    REQUIRE(first);
    auto scanner = factory.makeScanner(spec(DeviceKind::scanner, "v4l2:/dev/video-yimen-missing"));
    REQUIRE(scanner);
    auto second = factory.makeCamera(spec(DeviceKind::camera, "v4l2:/dev/video-yimen-missing"),
                                     [&](const Status& status) {
                                         std::lock_guard lock(mutex);
                                         if (!status) {
                                             reported.push_back(status.error().code);
                                         }
                                     });
    REQUIRE(second);
    CHECK(first->get() == second->get());
    // The camera is missing: the scanner says so, and the late callback hears it too.
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    Expected<std::optional<std::string>> code = std::optional<std::string>{};
    while (code && std::chrono::steady_clock::now() < deadline) {
        code = (*scanner)->nextCode(10ms);
    }
    REQUIRE_FALSE(code);
    CHECK(code.error().code == ErrorCode::notFound);
    std::lock_guard lock(mutex);
    REQUIRE_FALSE(reported.empty());
    CHECK(reported.front() == ErrorCode::notFound);
}
