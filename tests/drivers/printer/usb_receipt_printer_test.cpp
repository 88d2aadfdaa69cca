// Tests for drivers/printer/usb_receipt_printer.cpp through the scripted USB fake: status, chunks, faults, no
// double prints.
#include "drivers/printer/usb_receipt_printer.h"

#include <array>
#include <catch2/catch.hpp>

#include "drivers/printer/raster_text.h"
#include "drivers/protocol/escpos.h"
#include "drivers/usb/scripted_usb_device.h"
#include "tests/drivers/test_support.h"

using namespace yimen;
using namespace yimen::drivers;
using namespace yimen::drivers::printer;
using namespace yimen::drivers::usb;
using yimen::drivers::test::hexBytes;

namespace {

constexpr UsbId kPrinterId{0x0416, 0x5011};
constexpr std::uint8_t kOut = 0x01;
constexpr std::uint8_t kIn = 0x82;
constexpr std::size_t kChunk = 64;

using Replies = std::array<std::uint8_t, 4>;
// DLE EOT 1..4 replies.
constexpr Replies kReady = {0x12, 0x12, 0x12, 0x12};
constexpr Replies kNearEnd = {0x12, 0x12, 0x12, 0x1E};
constexpr Replies kPaperOut = {0x1A, 0x32, 0x12, 0x72};
constexpr Replies kCoverOpen = {0x1A, 0x16, 0x12, 0x12};

UsbDeviceInfo printerInfo(std::uint8_t protocol = kPrinterProtocolBidirectional, std::uint8_t address = 5) {
    UsbDeviceInfo info;
    info.id = kPrinterId;
    info.location = {1, address};
    info.manufacturer = "Test";
    info.product = "POS-80";
    UsbInterface i;
    i.interfaceClass = kPrinterInterfaceClass;
    i.subclass = 1;
    i.protocol = protocol;
    i.endpoints.push_back({kOut, TransferType::bulk, 64});
    if (protocol == kPrinterProtocolBidirectional) {
        i.endpoints.push_back({kIn, TransferType::bulk, 64});
    }
    info.interfaces.push_back(i);
    return info;
}

void expectStatus(UsbScript& script, const Replies& replies) {
    for (std::uint8_t n = 1; n <= 4; ++n) {
        script.expectWrite(kOut, {0x10, 0x04, n});
        script.reply(kIn, {replies[n - 1]});
    }
}

// A receipt of a few hundred bytes, several chunks long, ending in a cut.
std::vector<std::uint8_t> receipt(const char* number = "YM-20240601-0001") {
    protocol::EscPosWriter w;
    w.init()
        .align(protocol::Align::center)
        .size(2, 2)
        .line("受理回执")
        .size(1, 1)
        .align(protocol::Align::left);
    w.separator().line(std::string("受理编号：") + number).line("事项：居住证办理").separator();
    w.qrCode(std::string("YMQ1|") + number, 6).feed(3).cut();
    auto bytes = w.bytes();
    REQUIRE(bytes.hasValue());
    return *bytes;
}

std::vector<std::uint8_t> slice(const std::vector<std::uint8_t>& v, std::size_t from, std::size_t to) {
    return {v.begin() + static_cast<std::ptrdiff_t>(from), v.begin() + static_cast<std::ptrdiff_t>(to)};
}

struct Rig {
    ScriptedUsbBus bus;
    std::shared_ptr<UsbScript> script = std::make_shared<UsbScript>();
    std::unique_ptr<UsbReceiptPrinter> printer;

    explicit Rig(UsbDeviceInfo info = printerInfo(), UsbPrinterOptions options = chunked(),
                 std::unique_ptr<GlyphSource> glyphs = nullptr) {
        bus.plug(std::move(info), script);
        auto made = UsbReceiptPrinter::create(usb::openerFor(bus, kPrinterId), options, std::move(glyphs));
        REQUIRE(made.hasValue());
        printer = std::move(*made);
    }

    static UsbPrinterOptions chunked() {
        UsbPrinterOptions o;
        o.chunkBytes = kChunk;
        return o;
    }

    void checkPlayedAsScripted() const {
        INFO(script->remaining());
        CHECK(script->mismatches().empty());
        CHECK(script->finished());
    }
};

}  // namespace

TEST_CASE("a receipt is printed after a status check, in chunks, and recorded as printed") {
    Rig rig;
    const auto job = receipt();
    REQUIRE(job.size() > 3 * kChunk);
    expectStatus(*rig.script, kReady);
    rig.script->expectWrite(kOut, job);
    expectStatus(*rig.script, kReady);

    REQUIRE(rig.printer->print(job).hasValue());
    rig.checkPlayedAsScripted();
    CHECK(rig.script->claimedInterfaces() == std::set<std::uint8_t>{0});  // usblp detached

    const auto record = rig.printer->job(jobIdOf(job));
    REQUIRE(record.has_value());
    CHECK(record->state == PrintJobState::printed);
    CHECK(record->bytesSent == job.size());
    CHECK(record->cutReached);
    CHECK(record->timesSent == 1);
}

TEST_CASE("printing the same receipt again does not print it twice") {
    Rig rig;
    const auto job = receipt();
    expectStatus(*rig.script, kReady);
    rig.script->expectWrite(kOut, job);
    expectStatus(*rig.script, kReady);
    REQUIRE(rig.printer->print(job).hasValue());

    // The retry touches nothing: the script has no more steps, so any transfer would be a mismatch.
    REQUIRE(rig.printer->print(job).hasValue());
    rig.checkPlayedAsScripted();
    CHECK(rig.printer->job(jobIdOf(job))->timesSent == 1);

    // A different receipt is a different job.
    const auto other = receipt("YM-20240601-0002");
    expectStatus(*rig.script, kReady);
    rig.script->expectWrite(kOut, other);
    expectStatus(*rig.script, kReady);
    REQUIRE(rig.printer->print(other).hasValue());
    rig.checkPlayedAsScripted();
}

TEST_CASE("the status reads paper, cover and near-end from DLE EOT") {
    struct Case {
        const char* what;
        Replies replies;
        const char* description;
        bool canPrint;
    };
    const Case cases[] = {
        {"ready", kReady, "正常", true},
        {"near end", kNearEnd, "打印纸将用完", true},
        {"paper out", kPaperOut, "打印纸已用完", false},
        {"cover open", kCoverOpen, "打印机盖未关好", false},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        Rig rig;
        expectStatus(*rig.script, c.replies);
        auto status = rig.printer->status();
        REQUIRE(status.hasValue());
        CHECK(status->describe() == std::string(c.description));
        CHECK(status->canPrint() == c.canPrint);
        rig.checkPlayedAsScripted();
    }
}

TEST_CASE("stale status bytes waiting on bulk IN are passed over") {
    Rig rig;
    rig.script->reply(kIn, hexBytes("10 00 00 0F"));  // an Automatic Status Back block from before
    rig.script->expectWrite(kOut, {0x10, 0x04, 0x01});
    rig.script->reply(kIn, hexBytes("10 00 00 0F 12"));  // another, then the reply, in one transfer
    for (std::uint8_t n = 2; n <= 4; ++n) {
        rig.script->expectWrite(kOut, {0x10, 0x04, n});
        rig.script->reply(kIn, {0x12});
    }
    auto status = rig.printer->status();
    REQUIRE(status.hasValue());
    CHECK(status->canPrint());
    rig.checkPlayedAsScripted();
}

TEST_CASE("paper out before printing: nothing is sent, and after new paper the receipt prints once") {
    Rig rig;
    const auto job = receipt();
    expectStatus(*rig.script, kPaperOut);
    auto refused = rig.printer->print(job);
    REQUIRE_FALSE(refused.hasValue());
    CHECK(refused.error().code == ErrorCode::device);
    CHECK(refused.error().message == "printing " + jobIdOf(job) + " (nothing sent): 打印纸已用完");
    CHECK(rig.script->written(kOut).size() == 4 * 3);  // the four status requests only
    CHECK(rig.printer->job(jobIdOf(job))->state == PrintJobState::refused);

    // Paper replaced: the same receipt is printed, once.
    expectStatus(*rig.script, kReady);
    rig.script->expectWrite(kOut, job);
    expectStatus(*rig.script, kReady);
    REQUIRE(rig.printer->print(job).hasValue());
    CHECK(rig.printer->job(jobIdOf(job))->state == PrintJobState::printed);
    rig.checkPlayedAsScripted();
}

TEST_CASE(
    "paper out mid-job: reported with what went out, never resent by a retry, printed again by reprint") {
    Rig rig;
    const auto job = receipt();
    const auto id = jobIdOf(job);
    expectStatus(*rig.script, kReady);
    rig.script->expectWrite(kOut, slice(job, 0, 2 * kChunk));
    rig.script->timeoutAfter(kOut, 10);  // the third chunk: 10 bytes, then the printer stops taking data
    expectStatus(*rig.script, kPaperOut);

    auto stopped = rig.printer->print(job);
    REQUIRE_FALSE(stopped.hasValue());
    CHECK(stopped.error().code == ErrorCode::device);
    const std::string sent = std::to_string(2 * kChunk + 10);
    CHECK(stopped.error().message.rfind("printing " + id + ": stopped after " + sent + " of " +
                                            std::to_string(job.size()) +
                                            " bytes (the cut was not reached): 打印纸已用完 (",
                                        0) == 0);
    auto record = rig.printer->job(id);
    REQUIRE(record.has_value());
    CHECK(record->state == PrintJobState::partial);
    CHECK(record->bytesSent == 2 * kChunk + 10);
    CHECK_FALSE(record->cutReached);
    CHECK(record->timesSent == 0);

    // Paper replaced; the kiosk retries the same print: refused, nothing sent.
    auto retry = rig.printer->print(job);
    REQUIRE_FALSE(retry.hasValue());
    CHECK(retry.error().code == ErrorCode::conflict);
    CHECK(retry.error().message == "printing " + id + ": it was sent before and is partial (" + sent +
                                       " of " + std::to_string(job.size()) +
                                       " bytes); only a reprint sends it again");
    rig.checkPlayedAsScripted();

    // The citizen asks for it: reprint sends the whole receipt once.
    expectStatus(*rig.script, kReady);
    rig.script->expectWrite(kOut, job);
    expectStatus(*rig.script, kReady);
    REQUIRE(rig.printer->reprint(id).hasValue());
    rig.checkPlayedAsScripted();
    record = rig.printer->job(id);
    CHECK(record->state == PrintJobState::printed);
    CHECK(record->timesSent == 1);
}

TEST_CASE("cover opened mid-job is named in the error") {
    Rig rig;
    const auto job = receipt();
    expectStatus(*rig.script, kReady);
    rig.script->expectWrite(kOut, slice(job, 0, kChunk));
    rig.script->timeoutAfter(kOut, 0);
    expectStatus(*rig.script, kCoverOpen);
    auto stopped = rig.printer->print(job);
    REQUIRE_FALSE(stopped.hasValue());
    CHECK(stopped.error().code == ErrorCode::device);
    CHECK(stopped.error().message.find("stopped after 64 of") != std::string::npos);
    CHECK(stopped.error().message.find("打印机盖未关好") != std::string::npos);
    rig.checkPlayedAsScripted();
}

TEST_CASE("a printer that takes no more data is asked through the control pipe") {
    Rig rig;
    const auto job = receipt();
    expectStatus(*rig.script, kReady);
    rig.script->expectWrite(kOut, slice(job, 0, kChunk));
    rig.script->timeoutAfter(kOut, 0);                                                    // the job stops
    rig.script->timeoutAfter(kOut, 0);                                                    // so does DLE EOT
    rig.script->expectControlIn(kClassInterfaceIn, kRequestGetPortStatus, 0, 0, {0x30});  // paper empty
    auto stopped = rig.printer->print(job);
    REQUIRE_FALSE(stopped.hasValue());
    CHECK(stopped.error().code == ErrorCode::device);
    CHECK(stopped.error().message.find("打印纸已用完") != std::string::npos);
    CHECK(rig.printer->job(jobIdOf(job))->state == PrintJobState::partial);
    rig.checkPlayedAsScripted();
}

TEST_CASE("all bytes sent but the paper ran out right after: the job may be incomplete and is not resent") {
    Rig rig;
    const auto job = receipt();
    expectStatus(*rig.script, kReady);
    rig.script->expectWrite(kOut, job);
    expectStatus(*rig.script, kPaperOut);
    auto result = rig.printer->print(job);
    REQUIRE_FALSE(result.hasValue());
    CHECK(result.error().code == ErrorCode::device);
    CHECK(result.error().message ==
          "printing " + jobIdOf(job) + ": all " + std::to_string(job.size()) +
              " bytes sent, then the printer reported 打印纸已用完: the receipt may be "
              "incomplete");
    CHECK(rig.printer->job(jobIdOf(job))->state == PrintJobState::sent);
    CHECK(rig.printer->job(jobIdOf(job))->cutReached);
    CHECK(rig.printer->print(job).error().code == ErrorCode::conflict);
    rig.checkPlayedAsScripted();
}

TEST_CASE("a stall before any byte went out leaves the job free to print") {
    Rig rig;
    const auto job = receipt();
    expectStatus(*rig.script, kReady);
    rig.script->stall(kOut);
    expectStatus(*rig.script, kReady);  // after the endpoint is cleared
    auto stalled = rig.printer->print(job);
    REQUIRE_FALSE(stalled.hasValue());
    CHECK(stalled.error().code == ErrorCode::device);
    CHECK(stalled.error().message.find("stopped after 0 of") != std::string::npos);
    CHECK(rig.printer->job(jobIdOf(job))->state == PrintJobState::refused);

    expectStatus(*rig.script, kReady);
    rig.script->expectWrite(kOut, job);
    expectStatus(*rig.script, kReady);
    REQUIRE(rig.printer->print(job).hasValue());
    rig.checkPlayedAsScripted();
}

TEST_CASE(
    "unplugged mid-transfer: a clear error, then the replugged printer works and the job is not resent") {
    Rig rig;
    const auto job = receipt();
    const auto id = jobIdOf(job);
    expectStatus(*rig.script, kReady);
    rig.script->expectWrite(kOut, slice(job, 0, kChunk));
    rig.script->disconnect();

    auto gone = rig.printer->print(job);
    REQUIRE_FALSE(gone.hasValue());
    CHECK(gone.error().code == ErrorCode::unavailable);
    CHECK(gone.error().message.find("stopped after 64 or more of") != std::string::npos);
    CHECK_FALSE(rig.printer->connected());
    CHECK(rig.printer->job(id)->state == PrintJobState::partial);

    // While it is out, the status says so.
    auto absent = rig.printer->status();
    REQUIRE_FALSE(absent.hasValue());
    CHECK(absent.error().code == ErrorCode::notFound);

    // Plugged back in at a new address: found again, no restart.
    auto replugged = std::make_shared<UsbScript>();
    expectStatus(*replugged, kReady);
    rig.bus.plug(printerInfo(kPrinterProtocolBidirectional, 6), replugged);
    auto status = rig.printer->status();
    REQUIRE(status.hasValue());
    CHECK(status->canPrint());
    CHECK(rig.printer->connected());

    // The retry is refused; the reprint goes to the new device.
    CHECK(rig.printer->print(job).error().code == ErrorCode::conflict);
    expectStatus(*replugged, kReady);
    replugged->expectWrite(kOut, job);
    expectStatus(*replugged, kReady);
    REQUIRE(rig.printer->reprint(id).hasValue());
    CHECK(replugged->mismatches().empty());
    CHECK(replugged->finished());
}

TEST_CASE("a uni-directional printer is checked with GET_PORT_STATUS") {
    Rig rig(printerInfo(kPrinterProtocolUnidirectional));
    const auto job = receipt();
    rig.script->expectControlIn(kClassInterfaceIn, kRequestGetPortStatus, 0, 0, {0x18});
    rig.script->expectWrite(kOut, job);
    rig.script->expectControlIn(kClassInterfaceIn, kRequestGetPortStatus, 0, 0, {0x18});
    REQUIRE(rig.printer->print(job).hasValue());

    rig.script->expectControlIn(kClassInterfaceIn, kRequestGetPortStatus, 0, 0, {0x38});
    auto status = rig.printer->status();
    REQUIRE(status.hasValue());
    CHECK(status->paperOut);
    rig.checkPlayedAsScripted();
}

TEST_CASE("a printer that never answers DLE EOT is read through the port status from then on") {
    Rig rig;
    rig.script->expectWrite(kOut, {0x10, 0x04, 0x01});
    // No reply on bulk IN.
    rig.script->expectControlIn(kClassInterfaceIn, kRequestGetPortStatus, 0, 0, {0x18});
    auto first = rig.printer->status();
    REQUIRE(first.hasValue());
    CHECK(first->canPrint());

    rig.script->expectControlIn(kClassInterfaceIn, kRequestGetPortStatus, 0, 0, {0x08});
    auto second = rig.printer->status();
    REQUIRE(second.hasValue());
    CHECK_FALSE(second->online);
    rig.checkPlayedAsScripted();
}

TEST_CASE("a printer that answered DLE EOT before and misses one reply is asked again next time") {
    Rig rig;
    expectStatus(*rig.script, kReady);
    REQUIRE(rig.printer->status().hasValue());

    rig.script->expectWrite(kOut, {0x10, 0x04, 0x01});  // no reply this time
    rig.script->expectControlIn(kClassInterfaceIn, kRequestGetPortStatus, 0, 0, {0x18});
    REQUIRE(rig.printer->status().hasValue());

    expectStatus(*rig.script, kNearEnd);
    auto third = rig.printer->status();
    REQUIRE(third.hasValue());
    CHECK(third->paperNearEnd);
    rig.checkPlayedAsScripted();
}

TEST_CASE("the IEEE 1284 device ID is read once per connection") {
    Rig rig;
    const std::string id = "MFG:Xprinter;MDL:XP-80C;CMD:ESC/POS;CLASS:PRINTER;";
    std::vector<std::uint8_t> reply(id.size() + 2);
    reply[1] = static_cast<std::uint8_t>(id.size() + 2);
    std::copy(id.begin(), id.end(), reply.begin() + 2);
    rig.script->expectControlIn(kClassInterfaceIn, kRequestGetDeviceId, 0, 0x0000, reply);
    auto first = rig.printer->deviceId();
    REQUIRE(first.hasValue());
    CHECK(first->manufacturer == "Xprinter");
    CHECK(first->supportsCommandSet("ESC/POS"));
    auto again = rig.printer->deviceId();
    REQUIRE(again.hasValue());
    CHECK(again->model == "XP-80C");
    rig.checkPlayedAsScripted();
}

TEST_CASE("a printer absent at start-up or held by another program gives a clear error and no crash") {
    ScriptedUsbBus bus;
    auto made = UsbReceiptPrinter::create(usb::openerFor(bus, kPrinterId));
    REQUIRE(made.hasValue());
    auto absent = (*made)->print(receipt());
    REQUIRE_FALSE(absent.hasValue());
    CHECK(absent.error().code == ErrorCode::notFound);
    CHECK((*made)->job(jobIdOf(receipt()))->state == PrintJobState::refused);

    Rig held;
    held.script->refuseClaim(0);
    auto status = held.printer->status();
    REQUIRE_FALSE(status.hasValue());
    CHECK(status.error().code == ErrorCode::conflict);
}

TEST_CASE("a job that is not ESC/POS is refused whole and nothing reaches the printer") {
    Rig rig;
    for (const auto& bad : {hexBytes(""), hexBytes("1B 40 1D 21")}) {
        auto result = rig.printer->print(bad);
        REQUIRE_FALSE(result.hasValue());
        CHECK(result.error().code == ErrorCode::invalidInput);
    }
    CHECK(rig.script->written(kOut).empty());
    auto notKept = rig.printer->reprint("job-0000000000000000");
    REQUIRE_FALSE(notKept.hasValue());
    CHECK(notKept.error().code == ErrorCode::notFound);
}

TEST_CASE("raster mode sends Chinese lines as images") {
    class Blocks final : public GlyphSource {
    public:
        protocol::MonoBitmap glyph(char32_t, int base, int ws, int hs) override {
            protocol::MonoBitmap b(base * ws, protocol::kCellHeight * hs);
            b.setDot(0, 0);
            return b;
        }
    };
    UsbPrinterOptions options = Rig::chunked();
    options.chineseText = ChineseTextMode::raster;
    Rig rig(printerInfo(), options, std::make_unique<Blocks>());
    const auto job = receipt();
    Blocks blocks;
    auto raster = rasteriseChineseText(job, protocol::PaperWidth::mm80, blocks);
    REQUIRE(raster.hasValue());
    REQUIRE(*raster != job);
    expectStatus(*rig.script, kReady);
    rig.script->expectWrite(kOut, *raster);
    expectStatus(*rig.script, kReady);
    REQUIRE(rig.printer->print(job).hasValue());
    rig.checkPlayedAsScripted();

    auto noFont = UsbReceiptPrinter::create(usb::openerFor(rig.bus, kPrinterId), options);
    REQUIRE_FALSE(noFont.hasValue());
    CHECK(noFont.error().code == ErrorCode::invalidInput);
}

TEST_CASE("58 mm paper is 384 dots wide, 80 mm 576") {
    ScriptedUsbBus bus;
    UsbPrinterOptions narrow;
    narrow.paper = protocol::PaperWidth::mm58;
    CHECK((*UsbReceiptPrinter::create(usb::openerFor(bus, kPrinterId), narrow))->widthDots() == 384);
    CHECK((*UsbReceiptPrinter::create(usb::openerFor(bus, kPrinterId)))->widthDots() == 576);
}
