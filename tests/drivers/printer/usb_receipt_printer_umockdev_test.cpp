// End-to-end test of the USB receipt printer through real libusb, against a printer emulated by umockdev.
// ctest runs each test case (tagged with its scenario) under `umockdev-run --device umockdev/pos80.umockdev
// --ioctl /dev/bus/usb/001/002=umockdev/<scenario>.ioctl`; run alone (no UMOCKDEV_DIR) there is nothing to
// talk to and the cases report themselves skipped.
#include <catch2/catch.hpp>
#include <cstdlib>

#include "drivers/printer/usb_receipt_printer.h"
#include "drivers/protocol/escpos.h"
#include "drivers/usb/libusb_bus.h"
#include "tests/drivers/test_support.h"
#include "tests/support/skip.h"

using namespace yimen;
using namespace yimen::drivers;
using namespace yimen::drivers::printer;

namespace {

constexpr usb::UsbId kEmulatedPrinter{0x0416, 0x5011};

bool underUmockdev() {
    return std::getenv("UMOCKDEV_DIR") != nullptr;
}

}  // namespace

TEST_CASE("an emulated USB printer is found, asked for its status and prints a receipt through libusb",
          "[umockdev][print_receipt]") {
    if (!underUmockdev()) {
        YIMEN_SKIP("not under umockdev-run");
    }
    auto bus = usb::LibusbBus::create();
    REQUIRE(bus.hasValue());
    auto devices = (*bus)->list();
    REQUIRE(devices.hasValue());
    const auto found = std::find_if(devices->begin(), devices->end(),
                                    [](const usb::UsbDeviceInfo& d) { return d.id == kEmulatedPrinter; });
    REQUIRE(found != devices->end());
    auto iface = findPrinterInterface(*found);
    REQUIRE(iface.hasValue());
    CHECK(iface->bidirectional());

    auto printer = UsbReceiptPrinter::create(usb::openerFor(**bus, kEmulatedPrinter));
    REQUIRE(printer.hasValue());

    protocol::EscPosWriter w;
    w.init().line("受理").cut();
    auto job = w.bytes();
    REQUIRE(job.hasValue());
    // The bytes the ioctl script expects.
    REQUIRE(test::toHex(*job) == "1B 40 1C 26 CA DC C0 ED 0A 1D 56 41 00");

    auto printed = (*printer)->print(*job);
    INFO((printed ? std::string() : printed.error().describe()));
    REQUIRE(printed.hasValue());
    const auto record = (*printer)->job(jobIdOf(*job));
    REQUIRE(record.has_value());
    CHECK(record->state == PrintJobState::printed);
    CHECK(record->bytesSent == job->size());
}

TEST_CASE("an emulated printer out of paper is read through libusb and nothing is sent",
          "[umockdev][paper_out]") {
    if (!underUmockdev()) {
        YIMEN_SKIP("not under umockdev-run");
    }
    auto bus = usb::LibusbBus::create();
    REQUIRE(bus.hasValue());
    auto printer = UsbReceiptPrinter::create(usb::openerFor(**bus, kEmulatedPrinter));
    REQUIRE(printer.hasValue());
    protocol::EscPosWriter w;
    w.init().line("受理").cut();
    auto job = w.bytes();
    REQUIRE(job.hasValue());

    auto refused = (*printer)->print(*job);
    REQUIRE_FALSE(refused.hasValue());
    CHECK(refused.error().code == ErrorCode::device);
    CHECK(refused.error().message == "printing " + jobIdOf(*job) + " (nothing sent): 打印纸已用完");
    CHECK((*printer)->job(jobIdOf(*job))->state == PrintJobState::refused);
}
