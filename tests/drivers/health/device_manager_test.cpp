// Tests for drivers/health/device_manager with the real drivers on the scripted USB bus: unplug makes a
// device absent, a replug brings it back with no restart, failures are probed until the device works again.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>

#include "drivers/camera/camera_stream.h"
#include "drivers/camera/scripted_v4l2_device.h"
#include "drivers/health/device_manager.h"
#include "drivers/health/device_probes.h"
#include "drivers/health/scanner_pump.h"
#include "drivers/printer/usb_printer_class.h"
#include "drivers/printer/usb_receipt_printer.h"
#include "drivers/scanner/hid_scanner.h"
#include "drivers/usb/scripted_usb_device.h"
#include "health_test_support.h"
#include "tests/drivers/scanner/hid_vectors.h"

using namespace yimen;
using namespace yimen::drivers;
using namespace yimen::drivers::health;
using namespace yimen::drivers::usb;
using namespace std::chrono_literals;

namespace {

constexpr UsbId kPrinterId{0x04B8, 0x0E03};
constexpr UsbId kScannerId{0x0C2E, 0x0B81};
constexpr UsbId kCameraId{0x046D, 0x0825};
constexpr std::uint8_t kPrinterOut = 0x01;
constexpr std::uint8_t kPrinterIn = 0x82;
constexpr std::uint8_t kScannerIn = 0x81;
// Probes that only an arrival (or a failure) can trigger: a retry timer never fires within a test.
constexpr Timeout kNever = std::chrono::hours(1);

UsbDeviceInfo printerInfo(std::uint8_t address) {
    return bulkDeviceInfo(kPrinterId, {1, address}, printer::kPrinterInterfaceClass, kPrinterOut, kPrinterIn);
}

UsbDeviceInfo fixPrinterProtocol(UsbDeviceInfo info) {
    info.interfaces.front().subclass = 1;
    info.interfaces.front().protocol = printer::kPrinterProtocolBidirectional;
    return info;
}

UsbDeviceInfo scannerInfo(std::uint8_t address) {
    UsbDeviceInfo info;
    info.id = kScannerId;
    info.location = {1, address};
    UsbInterface hid;
    hid.interfaceClass = 3;
    hid.subclass = 1;
    hid.protocol = 1;
    hid.endpoints.push_back({kScannerIn, TransferType::interrupt, 8});
    info.interfaces.push_back(hid);
    return info;
}

UsbDeviceInfo cameraInfo(std::uint8_t address) {
    UsbDeviceInfo info;
    info.id = kCameraId;
    info.location = {1, address};
    UsbInterface video;
    video.interfaceClass = kUsbVideoClass;
    info.interfaces.push_back(video);
    return info;
}

// DLE EOT 1..4 answered "ready" (or paper out).
void expectStatus(UsbScript& script, bool paperOut = false) {
    const std::uint8_t ready[4] = {0x12, 0x12, 0x12, 0x12};
    const std::uint8_t out[4] = {0x1A, 0x32, 0x12, 0x72};
    for (std::uint8_t n = 1; n <= 4; ++n) {
        script.expectWrite(kPrinterOut, {0x10, 0x04, n});
        script.reply(kPrinterIn, {paperOut ? out[n - 1] : ready[n - 1]});
    }
}

std::shared_ptr<UsbScript> scannerScript(const std::string& typed) {
    auto script = std::make_shared<UsbScript>();
    script->expectControlIn(0x81, 0x06, 0x2200, 0, yimen::drivers::test::kBootKeyboardDescriptor);
    for (const auto& report : yimen::drivers::test::typeText(typed)) {
        script->reply(kScannerIn, report);
    }
    return script;
}

// Codes handed on by a ScannerPump.
struct CodeLog {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::string> codes;
    void add(std::string code) {
        {
            std::lock_guard lock(mutex);
            codes.push_back(std::move(code));
        }
        changed.notify_all();
    }
    bool waitForCount(std::size_t count) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, 10s, [&] { return codes.size() >= count; });
    }
};

// Stops the manager when it goes out of scope: declared after what the manager's callbacks use, it goes
// first.
struct StopFirst {
    DeviceManager& manager;
    ~StopFirst() { manager.stop(); }
};

}  // namespace

TEST_CASE("an_unplugged_printer_is_absent_and_prints_again_after_replug_without_a_restart") {
    ScriptedUsbBus bus;
    auto first = std::make_shared<UsbScript>();
    expectStatus(*first);
    bus.plug(fixPrinterProtocol(printerInfo(5)), first);
    auto made = printer::UsbReceiptPrinter::create(usb::openerFor(bus, kPrinterId));
    REQUIRE(made);
    auto& receiptPrinter = **made;

    health::test::EventLog log;
    HealthBoard board(log.listener());
    DeviceManager manager(&bus, board, {kNever, Timeout{0}});
    REQUIRE(manager.add(
        {DeviceKind::receiptPrinter, usbIdMatcher(kPrinterId), printerProbe(receiptPrinter), {}}));
    REQUIRE(manager.start());
    REQUIRE(log.waitFor(DeviceKind::receiptPrinter, HealthState::ok));

    bus.unplug({1, 5});
    REQUIRE(log.waitFor(DeviceKind::receiptPrinter, HealthState::absent));
    CHECK(board.health(DeviceKind::receiptPrinter).reason == "unplugged");

    // Plugged back in at a new address: the arrival alone makes the manager open and check it.
    auto second = std::make_shared<UsbScript>();
    expectStatus(*second);
    bus.plug(fixPrinterProtocol(printerInfo(6)), second);
    REQUIRE(log.waitFor(DeviceKind::receiptPrinter, HealthState::ok));
    CHECK(bus.openCount({1, 6}) == 1);
    CHECK(second->mismatches().empty());
    CHECK(receiptPrinter.connected());
    // The first probe after the arrival may meet the old, unplugged device (absent again, with the driver's
    // reason); never degraded.
    const auto states = log.states(DeviceKind::receiptPrinter);
    CHECK(states.front() == HealthState::ok);
    CHECK(states.back() == HealthState::ok);
    CHECK(std::count(states.begin(), states.end(), HealthState::degraded) == 0);
}

TEST_CASE("a_printer_out_of_paper_is_degraded_with_the_reason_and_ok_once_paper_is_in") {
    ScriptedUsbBus bus;
    auto script = std::make_shared<UsbScript>();
    expectStatus(*script, true);
    expectStatus(*script, false);
    bus.plug(fixPrinterProtocol(printerInfo(5)), script);
    auto made = printer::UsbReceiptPrinter::create(usb::openerFor(bus, kPrinterId));
    REQUIRE(made);

    health::test::EventLog log;
    HealthBoard board(log.listener());
    // Retried quickly: the second probe finds the paper replaced.
    DeviceManager manager(&bus, board, {Timeout{10}, Timeout{0}});
    REQUIRE(manager.add({DeviceKind::receiptPrinter, usbIdMatcher(kPrinterId), printerProbe(**made), {}}));
    REQUIRE(manager.start());
    REQUIRE(log.waitFor(DeviceKind::receiptPrinter, HealthState::ok));
    const auto events = log.events();
    REQUIRE(events.size() == 2);
    CHECK(events[0].state == HealthState::degraded);
    CHECK(events[0].reason == PrinterStatus{true, true, false, false, false}.describe());
    CHECK(script->finished());
}

TEST_CASE("a_scanner_replugged_scans_again_without_waiting_out_its_back_off") {
    ScriptedUsbBus bus;
    bus.plug(scannerInfo(7), scannerScript("FIRST\n"));
    auto made = scanner::HidScanner::create(usb::openerFor(bus, kScannerId));
    REQUIRE(made);

    health::test::EventLog log;
    HealthBoard board(log.listener());
    DeviceManager manager(&bus, board, {kNever, Timeout{0}});
    CodeLog codes;
    ScannerPumpOptions pumpOptions;
    pumpOptions.pollTimeout = 20ms;
    pumpOptions.retryInterval = kNever;  // only the manager's wake brings it back
    ScannerPump pump(
        **made, [&](std::string code) { codes.add(std::move(code)); },
        [&](const Status& status) { manager.report(DeviceKind::scanner, status); }, pumpOptions);
    StopFirst stopFirst{manager};
    REQUIRE(manager.add({DeviceKind::scanner, usbIdMatcher(kScannerId), {}, [&] { pump.wake(); }}));
    REQUIRE(manager.start());
    REQUIRE(codes.waitForCount(1));
    CHECK(log.waitFor(DeviceKind::scanner, HealthState::ok));

    bus.unplug({1, 7});
    REQUIRE(log.waitFor(DeviceKind::scanner, HealthState::absent));

    bus.plug(scannerInfo(8), scannerScript("SECOND\n"));
    REQUIRE(codes.waitForCount(2));
    CHECK(codes.codes == std::vector<std::string>{"FIRST", "SECOND"});
    CHECK(log.waitFor(DeviceKind::scanner, HealthState::ok));
}

TEST_CASE("a_camera_replugged_streams_again_when_its_usb_arrival_is_heard") {
    ScriptedUsbBus bus;
    auto v4l2 = std::make_shared<camera::V4l2Script>();
    const std::vector<std::uint8_t> frame(640 * 480 * 2, 0x80);
    v4l2->offer(camera::kPixelYuyv, {{640, 480}}).frame(frame).unplug();
    bus.plug(cameraInfo(9), std::make_shared<UsbScript>());

    health::test::EventLog log;
    HealthBoard board(log.listener());
    DeviceManager manager(&bus, board, {kNever, Timeout{0}});
    camera::CameraStreamOptions streamOptions;
    streamOptions.retryInterval = kNever;
    streamOptions.capture.width = 640;
    streamOptions.capture.height = 480;
    camera::CameraStream stream(camera::scriptedOpener(v4l2), streamOptions,
                                [&](const Status& status) { manager.report(DeviceKind::camera, status); });
    StopFirst stopFirst{manager};
    REQUIRE(manager.add(
        {DeviceKind::camera, usbClassMatcher(kUsbVideoClass), {}, [&] { stream.reconnectNow(); }}));
    REQUIRE(manager.start());
    REQUIRE(log.waitFor(DeviceKind::camera, HealthState::absent));  // streamed one frame, then unplugged
    CHECK(log.states(DeviceKind::camera).front() == HealthState::ok);

    bus.unplug({1, 9});
    v4l2->replug();
    v4l2->frame(frame);
    bus.plug(cameraInfo(10), std::make_shared<UsbScript>());
    REQUIRE(log.waitFor(DeviceKind::camera, HealthState::ok));
    CHECK(v4l2->opens() == 2);
}

TEST_CASE("without_hot_plug_a_failing_device_is_probed_until_it_works") {
    std::atomic<int> probes{0};
    health::test::EventLog log;
    HealthBoard board(log.listener());
    DeviceManager manager(nullptr, board, {Timeout{5}, Timeout{0}});
    REQUIRE(manager.add({DeviceKind::cardReader,
                         {},
                         [&]() -> Status {
                             const int n = ++probes;
                             if (n == 1) {
                                 return fail(ErrorCode::notFound, "no reader");
                             }
                             if (n == 2) {
                                 return fail(ErrorCode::device, "SAM fault");
                             }
                             return {};
                         },
                         {}}));
    REQUIRE(manager.start());
    REQUIRE(log.waitFor(DeviceKind::cardReader, HealthState::ok));
    CHECK(log.states(DeviceKind::cardReader) ==
          std::vector<HealthState>{HealthState::absent, HealthState::degraded, HealthState::ok});
    CHECK(probes == 3);  // nothing more once it works (no periodic check configured)
}

TEST_CASE("a_failure_reported_by_a_driver_makes_the_manager_probe_the_device") {
    std::atomic<int> probes{0};
    health::test::EventLog log;
    HealthBoard board(log.listener());
    DeviceManager manager(nullptr, board, {Timeout{5}, Timeout{0}});
    REQUIRE(manager.add({DeviceKind::receiptPrinter,
                         {},
                         [&]() -> Status {
                             ++probes;
                             return {};
                         },
                         {}}));
    REQUIRE(manager.start());
    REQUIRE(log.waitFor(DeviceKind::receiptPrinter, HealthState::ok));
    manager.report(DeviceKind::receiptPrinter, Status{Error{ErrorCode::device, "cover open"}});
    CHECK(board.health(DeviceKind::receiptPrinter).reason == "cover open");
    REQUIRE(log.waitFor(DeviceKind::receiptPrinter, HealthState::ok));
    CHECK(probes == 2);
}

TEST_CASE("devices_are_added_before_the_manager_starts_and_it_starts_once") {
    HealthBoard board;
    DeviceManager manager(nullptr, board);
    REQUIRE(manager.start());
    auto late = manager.add({DeviceKind::camera, {}, {}, {}});
    REQUIRE_FALSE(late);
    CHECK(late.error().code == ErrorCode::conflict);
    auto again = manager.start();
    REQUIRE_FALSE(again);
    CHECK(again.error().code == ErrorCode::conflict);
}
