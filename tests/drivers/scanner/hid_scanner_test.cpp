// Tests for drivers/scanner/hid_scanner.cpp through the scripted USB fake: modes, half codes, stalls and
// unplugs.
#include "drivers/scanner/hid_scanner.h"

#include <atomic>
#include <catch2/catch.hpp>

#include "drivers/usb/scripted_usb_device.h"
#include "tests/drivers/scanner/hid_vectors.h"
#include "tests/drivers/test_support.h"

using namespace yimen;
using namespace yimen::drivers;
using namespace yimen::drivers::scanner;
using namespace yimen::drivers::usb;
using namespace std::chrono_literals;
using yimen::drivers::test::hexBytes;
using yimen::drivers::test::hidPosReport;
using yimen::drivers::test::typeText;

namespace {

constexpr UsbId kScannerId{0x0C2E, 0x0B61};
constexpr std::uint8_t kIn = 0x81;
constexpr std::uint8_t kGetDescriptor = 0x06;
constexpr std::uint16_t kReportDescriptor = 0x2200;

UsbInterface hidInterface(std::uint8_t number, bool bootKeyboard, std::uint8_t endpoint,
                          std::uint16_t maxPacket) {
    UsbInterface i;
    i.number = number;
    i.interfaceClass = 3;
    i.subclass = bootKeyboard ? 1 : 0;
    i.protocol = bootKeyboard ? 1 : 0;
    i.endpoints.push_back({endpoint, TransferType::interrupt, maxPacket});
    return i;
}

UsbDeviceInfo scannerInfo(std::vector<UsbInterface> interfaces, std::uint8_t address = 7) {
    UsbDeviceInfo info;
    info.id = kScannerId;
    info.location = {1, address};
    info.manufacturer = "Test";
    info.product = "Scanner";
    info.interfaces = std::move(interfaces);
    return info;
}

UsbDeviceInfo keyboardScanner(std::uint8_t address = 7) {
    return scannerInfo({hidInterface(0, true, kIn, 8)}, address);
}

UsbDeviceInfo hidPosScanner() {
    return scannerInfo({hidInterface(0, false, kIn, 64)});
}

void replyAll(UsbScript& script, const std::vector<std::vector<std::uint8_t>>& reports) {
    for (const auto& r : reports) {
        script.reply(kIn, r);
    }
}

// A clock that moves 2 ms each time it is read, so a scanner loop over a fake that never waits still sees
// time pass.
struct TickingClock {
    std::shared_ptr<std::atomic<std::int64_t>> micros = std::make_shared<std::atomic<std::int64_t>>(0);
    protocol::ScanClock::time_point operator()() const {
        return protocol::ScanClock::time_point(std::chrono::microseconds(micros->fetch_add(2000) + 2000));
    }
};

struct Rig {
    ScriptedUsbBus bus;
    std::shared_ptr<UsbScript> script = std::make_shared<UsbScript>();
    std::unique_ptr<HidScanner> scanner;

    explicit Rig(UsbDeviceInfo info, HidScannerOptions options = {}) {
        options.clock = TickingClock{};
        bus.plug(std::move(info), script);
        auto made = HidScanner::create(usb::openerFor(bus, kScannerId), options);
        REQUIRE(made.hasValue());
        scanner = std::move(*made);
    }
};

std::string codeOf(const Expected<std::optional<std::string>>& result) {
    REQUIRE(result.hasValue());
    REQUIRE(result->has_value());
    return **result;
}

}  // namespace

TEST_CASE("a keyboard-wedge scanner's keystrokes come out as one code and its interface is claimed") {
    Rig rig(keyboardScanner());
    rig.script->expectControlIn(0x81, kGetDescriptor, kReportDescriptor, 0, test::kBootKeyboardDescriptor);
    replyAll(*rig.script, typeText("YMQ1|A0001|8842\n"));

    CHECK(codeOf(rig.scanner->nextCode(1s)) == "YMQ1|A0001|8842");
    CHECK(rig.scanner->connectedKind() == HidScannerKind::keyboardWedge);
    // Claiming detaches usbhid: the scan reached this driver and no other input.
    CHECK(rig.script->claimedInterfaces() == std::set<std::uint8_t>{0});
    CHECK(rig.script->mismatches().empty());
}

TEST_CASE("two scans in a row come out as two codes, and no scan means no code") {
    Rig rig(keyboardScanner());
    rig.script->expectControlIn(0x81, kGetDescriptor, kReportDescriptor, 0, test::kBootKeyboardDescriptor);
    replyAll(*rig.script, typeText("first\nsecond\n"));
    CHECK(codeOf(rig.scanner->nextCode(1s)) == "first");
    CHECK(codeOf(rig.scanner->nextCode(1s)) == "second");
    auto nothing = rig.scanner->nextCode(100ms);
    REQUIRE(nothing.hasValue());
    CHECK_FALSE(nothing->has_value());
}

TEST_CASE("a keyboard scanner with report IDs is read by its descriptor's layout") {
    Rig rig(scannerInfo({hidInterface(0, false, kIn, 8)}));
    rig.script->expectControlIn(0x81, kGetDescriptor, kReportDescriptor, 0,
                                test::kReportIdKeyboardDescriptor);
    rig.script->reply(kIn,
                      hexBytes("02 E9 00"));  // a volume key on the consumer report: not part of any code
    replyAll(*rig.script, typeText("Ab-9\n", 1));
    CHECK(codeOf(rig.scanner->nextCode(1s)) == "Ab-9");
}

TEST_CASE("a HID POS scanner's continued reports come out as one code with its raw bytes") {
    Rig rig(hidPosScanner());
    rig.script->expectControlIn(0x81, kGetDescriptor, kReportDescriptor, 0, test::kHidPosDescriptor);
    const std::string first(56, 'Q');
    const std::string gb18030 = "\xC4\xE3\xBA\xC3";  // 你好
    rig.script->reply(kIn, hidPosReport(first, "]Q0", true));
    rig.script->reply(kIn, hidPosReport(gb18030, "]Q0", false));

    CHECK(codeOf(rig.scanner->nextCode(1s)) == first + gb18030);
    CHECK(rig.scanner->connectedKind() == HidScannerKind::hidPos);
    CHECK(rig.script->mismatches().empty());
}

TEST_CASE("a boot keyboard whose report descriptor cannot be read is switched to the boot protocol") {
    Rig rig(keyboardScanner());
    rig.script->stall(0);                            // GET_DESCRIPTOR refused
    rig.script->expectControlOut(0x21, 0x0B, 0, 0);  // SET_PROTOCOL boot
    replyAll(*rig.script, typeText("12345\n"));
    CHECK(codeOf(rig.scanner->nextCode(1s)) == "12345");
    CHECK(rig.script->mismatches().empty());
}

TEST_CASE("automatic mode prefers the HID POS interface of a composite scanner") {
    Rig rig(scannerInfo({hidInterface(0, true, 0x81, 8), hidInterface(1, false, 0x82, 64)}));
    rig.script->expectControlIn(0x81, kGetDescriptor, kReportDescriptor, 0, test::kBootKeyboardDescriptor);
    rig.script->expectControlIn(0x81, kGetDescriptor, kReportDescriptor, 1, test::kHidPosDescriptor);
    rig.script->reply(0x82, hidPosReport("pos-code"));
    CHECK(codeOf(rig.scanner->nextCode(1s)) == "pos-code");
    CHECK(rig.script->claimedInterfaces() == std::set<std::uint8_t>{1});
}

TEST_CASE("a scanner of the wrong kind is refused with notFound") {
    HidScannerOptions options;
    options.kind = HidScannerKind::keyboardWedge;
    Rig rig(hidPosScanner(), options);
    rig.script->expectControlIn(0x81, kGetDescriptor, kReportDescriptor, 0, test::kHidPosDescriptor);
    auto result = rig.scanner->nextCode(100ms);
    REQUIRE_FALSE(result.hasValue());
    CHECK(result.error().code == ErrorCode::notFound);
    CHECK(rig.script->claimedInterfaces().empty());
}

TEST_CASE("a scanner held by another program is reported as a conflict") {
    Rig rig(keyboardScanner());
    rig.script->refuseClaim(0);
    auto result = rig.scanner->nextCode(100ms);
    REQUIRE_FALSE(result.hasValue());
    CHECK(result.error().code == ErrorCode::conflict);
}

TEST_CASE("half a code is dropped after the timeout and never glued onto the next scan") {
    Rig rig(keyboardScanner());
    rig.script->expectControlIn(0x81, kGetDescriptor, kReportDescriptor, 0, test::kBootKeyboardDescriptor);
    replyAll(*rig.script, typeText("YMQ1|A00"));  // the scanner stops halfway

    auto nothing = rig.scanner->nextCode(500ms);
    REQUIRE(nothing.hasValue());
    CHECK_FALSE(nothing->has_value());

    replyAll(*rig.script, typeText("YMQ1|A0002|5555\n"));
    CHECK(codeOf(rig.scanner->nextCode(1s)) == "YMQ1|A0002|5555");
}

TEST_CASE("a HID POS code whose last report never comes is dropped") {
    Rig rig(hidPosScanner());
    rig.script->expectControlIn(0x81, kGetDescriptor, kReportDescriptor, 0, test::kHidPosDescriptor);
    rig.script->reply(kIn, hidPosReport(std::string(56, 'x'), "]Q0", true));
    auto nothing = rig.scanner->nextCode(500ms);
    REQUIRE(nothing.hasValue());
    CHECK_FALSE(nothing->has_value());
    rig.script->reply(kIn, hidPosReport("whole", "]Q0", false));
    CHECK(codeOf(rig.scanner->nextCode(1s)) == "whole");
}

TEST_CASE("a stalled interrupt endpoint is cleared and the scan goes on") {
    Rig rig(keyboardScanner());
    rig.script->expectControlIn(0x81, kGetDescriptor, kReportDescriptor, 0, test::kBootKeyboardDescriptor);
    replyAll(*rig.script, typeText("AB"));
    rig.script->stall(kIn);
    replyAll(*rig.script, typeText("CD\n"));
    CHECK(codeOf(rig.scanner->nextCode(1s)) == "ABCD");
}

TEST_CASE("malformed reports are skipped without losing the code around them") {
    Rig rig(keyboardScanner());
    rig.script->expectControlIn(0x81, kGetDescriptor, kReportDescriptor, 0, test::kBootKeyboardDescriptor);
    replyAll(*rig.script, typeText("AB"));
    rig.script->reply(kIn, hexBytes("00 00 04"));  // three bytes of an eight-byte report
    replyAll(*rig.script, typeText("C\n"));
    CHECK(codeOf(rig.scanner->nextCode(1s)) == "ABC");
}

TEST_CASE("unplugged mid-scan: a clear error, the half code dropped, and the replugged scanner works") {
    Rig rig(keyboardScanner(7));
    rig.script->expectControlIn(0x81, kGetDescriptor, kReportDescriptor, 0, test::kBootKeyboardDescriptor);
    replyAll(*rig.script, typeText("YMQ1|A0"));
    rig.script->disconnect();

    auto gone = rig.scanner->nextCode(1s);
    REQUIRE_FALSE(gone.hasValue());
    CHECK(gone.error().code == ErrorCode::unavailable);
    CHECK_FALSE(rig.scanner->connectedKind().has_value());

    // While it is out, every call says so.
    auto absent = rig.scanner->nextCode(10ms);
    REQUIRE_FALSE(absent.hasValue());
    CHECK(absent.error().code == ErrorCode::notFound);

    // Plugged back in, at a new address.
    auto replugged = std::make_shared<UsbScript>();
    replugged->expectControlIn(0x81, kGetDescriptor, kReportDescriptor, 0, test::kBootKeyboardDescriptor);
    replyAll(*replugged, typeText("YMQ1|A0003|7777\n"));
    rig.bus.plug(keyboardScanner(9), replugged);

    CHECK(codeOf(rig.scanner->nextCode(1s)) == "YMQ1|A0003|7777");
    CHECK(rig.bus.openCount({1, 9}) == 1);
    CHECK(replugged->mismatches().empty());
}

TEST_CASE("a scanner absent at start-up is reported, not fatal") {
    ScriptedUsbBus bus;
    auto made = HidScanner::create(usb::openerFor(bus, kScannerId));
    REQUIRE(made.hasValue());
    auto result = (*made)->nextCode(10ms);
    REQUIRE_FALSE(result.hasValue());
    CHECK(result.error().code == ErrorCode::notFound);
    CHECK(result.error().message == "opening the scanner: no USB device 0c2e:0b61");
}
