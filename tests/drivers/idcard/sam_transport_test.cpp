// The USB transports through the scripted fake: both endpoint layouts, replies in pieces, garbage,
// corruption, truncation, stalls and unplugging.
#include "drivers/idcard/sam_transport_factory.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

#include "drivers/idcard/split_usb_sam_transport.h"
#include "drivers/idcard/stream_sam_transport.h"
#include "drivers/idcard/usb_byte_stream.h"
#include "idcard_test_support.h"

using namespace yimen;
using namespace yimen::drivers;
using namespace yimen::drivers::idcard;
using namespace yimen::drivers::idcard::test;
using yimen::drivers::usb::ScriptedUsbDevice;
using yimen::drivers::usb::UsbScript;

namespace {

Deadline soon() {
    return Clock::now() + Timeout{1000};
}

std::unique_ptr<SamTransport> transportFor(const usb::UsbDeviceInfo& info, std::shared_ptr<UsbScript> script,
                                           UsbSamOptions options = {}) {
    auto made = makeUsbSamTransport(std::make_unique<ScriptedUsbDevice>(info, std::move(script)), options);
    REQUIRE(made);
    return std::move(*made);
}

}  // namespace

TEST_CASE("a reader with a single endpoint pair gets whole frames and is described so",
          "[idcard][transport]") {
    auto script = std::make_shared<UsbScript>();
    expectExchange(*script, kFindRequest, kFindOk);
    auto transport = transportFor(singleEndpointReader(), script);
    CHECK(transport->describe().find("single endpoint pair") != std::string::npos);
    auto frame = transport->exchange(kFindRequest, soon());
    REQUIRE(frame);
    CHECK(frame->payload == fromHex("00 00 9F 00 00 00 00"));
    CHECK(script->finished());
    CHECK(script->claimedInterfaces() == std::set<std::uint8_t>{0});
}

TEST_CASE("a reader with the split endpoints gets header and body on their own endpoints",
          "[idcard][transport]") {
    auto script = std::make_shared<UsbScript>();
    const Bytes read = referenceVector("read_base_info_response");
    script->expectWrite(0x02, fromHex("AA AA AA 96 69 00 03"))
        .expectWrite(0x06, fromHex("30 01 32"))
        .reply(0x81, Bytes(read.begin(), read.begin() + 7))
        .reply(0x85, Bytes(read.begin() + 7, read.begin() + 600))
        .reply(0x85, Bytes(read.begin() + 600, read.end()));
    auto transport = transportFor(splitEndpointReader(), script);
    CHECK(transport->describe().find("split endpoints") != std::string::npos);
    auto frame = transport->exchange(kReadRequest, soon());
    REQUIRE(frame);
    CHECK(frame->payload.size() == 1287);
    CHECK(script->finished());
}

TEST_CASE("the endpoint layout can be forced to single on a reader that has all four",
          "[idcard][transport]") {
    auto script = std::make_shared<UsbScript>();
    expectExchange(*script, kFindRequest, kNoCard);
    UsbSamOptions options;
    options.layout = UsbSamLayout::single;
    auto transport = transportFor(splitEndpointReader(), script, options);
    auto frame = transport->exchange(kFindRequest, soon());
    REQUIRE(frame);
    CHECK(frame->payload == fromHex("00 00 80"));
}

TEST_CASE("a split reply with garbage before its header is still found", "[idcard][transport]") {
    auto script = std::make_shared<UsbScript>();
    Bytes header = fromHex("00 13 AA");
    header.insert(header.end(), kFindOk.begin(), kFindOk.begin() + 7);
    script->expectWrite(0x02, fromHex("AA AA AA 96 69 00 03"))
        .expectWrite(0x06, fromHex("20 01 22"))
        .reply(0x81, header)
        .reply(0x85, Bytes(kFindOk.begin() + 7, kFindOk.end()));
    auto transport = transportFor(splitEndpointReader(), script);
    auto frame = transport->exchange(kFindRequest, soon());
    REQUIRE(frame);
    CHECK(frame->payload[2] == 0x9F);
}

TEST_CASE("a reply that arrives in small pieces is reassembled", "[idcard][transport]") {
    auto script = std::make_shared<UsbScript>();
    const Bytes read = referenceVector("read_base_info_response");
    script->expectWrite(0x02, kReadRequest);
    for (std::size_t at = 0; at < read.size(); at += 61) {
        script->reply(0x81,
                      Bytes(read.begin() + static_cast<std::ptrdiff_t>(at),
                            read.begin() + static_cast<std::ptrdiff_t>(std::min(at + 61, read.size()))));
    }
    auto transport = transportFor(singleEndpointReader(), script);
    auto frame = transport->exchange(kReadRequest, soon());
    REQUIRE(frame);
    CHECK(frame->payload.size() == 1287);
    CHECK(script->finished());
}

TEST_CASE("garbage around the reply does not hide it", "[idcard][transport]") {
    auto script = std::make_shared<UsbScript>();
    Bytes noisy = fromHex("FF 00 AA AA AA 96 00");
    noisy.insert(noisy.end(), kFindOk.begin(), kFindOk.end());
    noisy.push_back(0x42);
    expectExchange(*script, kFindRequest, noisy);
    auto transport = transportFor(singleEndpointReader(), script);
    auto frame = transport->exchange(kFindRequest, soon());
    REQUIRE(frame);
    CHECK(frame->payload[2] == 0x9F);
}

TEST_CASE("a stale reply left from an earlier request is thrown away before the next one",
          "[idcard][transport]") {
    auto script = std::make_shared<UsbScript>();
    script->reply(0x81, kNoCard);
    expectExchange(*script, kFindRequest, kFindOk);
    auto transport = transportFor(singleEndpointReader(), script);
    auto frame = transport->exchange(kFindRequest, soon());
    REQUIRE(frame);
    CHECK(frame->payload[2] == 0x9F);
}

TEST_CASE("a corrupted reply is invalid input, reported at once", "[idcard][transport]") {
    auto script = std::make_shared<UsbScript>();
    Bytes corrupted = kFindOk;
    corrupted[10] ^= 0x40;
    expectExchange(*script, kFindRequest, corrupted);
    auto transport = transportFor(singleEndpointReader(), script);
    auto frame = transport->exchange(kFindRequest, soon());
    REQUIRE_FALSE(frame);
    CHECK(frame.error().code == ErrorCode::invalidInput);
    CHECK(frame.error().message.find("reply corrupted") != std::string::npos);
    CHECK(frame.error().message.find("checksum") != std::string::npos);
}

TEST_CASE("a truncated reply times out saying how much came", "[idcard][transport]") {
    auto script = std::make_shared<UsbScript>();
    const Bytes read = referenceVector("read_base_info_response");
    expectExchange(*script, kReadRequest, Bytes(read.begin(), read.begin() + 640));
    auto transport = transportFor(singleEndpointReader(), script);
    auto frame = transport->exchange(kReadRequest, soon());
    REQUIRE_FALSE(frame);
    CHECK(frame.error().code == ErrorCode::timeout);
    CHECK(frame.error().message.find("incomplete reply") != std::string::npos);
    CHECK(frame.error().message.find("640 bytes") != std::string::npos);
}

TEST_CASE("a truncated split reply times out too", "[idcard][transport]") {
    auto script = std::make_shared<UsbScript>();
    const Bytes read = referenceVector("read_base_info_response");
    script->expectWrite(0x02, fromHex("AA AA AA 96 69 00 03"))
        .expectWrite(0x06, fromHex("30 01 32"))
        .reply(0x81, Bytes(read.begin(), read.begin() + 7))
        .reply(0x85, Bytes(read.begin() + 7, read.begin() + 300));
    auto transport = transportFor(splitEndpointReader(), script);
    auto frame = transport->exchange(kReadRequest, soon());
    REQUIRE_FALSE(frame);
    CHECK(frame.error().code == ErrorCode::timeout);
    CHECK(frame.error().message.find("300 bytes") != std::string::npos);
}

TEST_CASE("a reader that never answers times out with no reply", "[idcard][transport]") {
    auto script = std::make_shared<UsbScript>();
    script->expectWrite(0x02, kFindRequest);
    auto transport = transportFor(singleEndpointReader(), script);
    auto frame = transport->exchange(kFindRequest, soon());
    REQUIRE_FALSE(frame);
    CHECK(frame.error().code == ErrorCode::timeout);
    CHECK(frame.error().message.find("no reply") != std::string::npos);
}

TEST_CASE("a stalled endpoint is reported as a device fault and cleared for the next exchange",
          "[idcard][transport]") {
    auto script = std::make_shared<UsbScript>();
    script->expectWrite(0x02, kFindRequest).stall(0x81);
    expectExchange(*script, kFindRequest, kFindOk);
    auto transport = transportFor(singleEndpointReader(), script);
    auto first = transport->exchange(kFindRequest, soon());
    REQUIRE_FALSE(first);
    CHECK(first.error().code == ErrorCode::device);
    auto second = transport->exchange(kFindRequest, soon());
    REQUIRE(second);
    CHECK(second->payload[2] == 0x9F);
}

TEST_CASE("unplugging in the middle of a reply is reported as unavailable", "[idcard][transport]") {
    auto script = std::make_shared<UsbScript>();
    const Bytes read = referenceVector("read_base_info_response");
    script->expectWrite(0x02, kReadRequest).reply(0x81, Bytes(read.begin(), read.begin() + 500)).disconnect();
    auto transport = transportFor(singleEndpointReader(), script);
    auto frame = transport->exchange(kReadRequest, soon());
    REQUIRE_FALSE(frame);
    CHECK(frame.error().code == ErrorCode::unavailable);
}

TEST_CASE("a reader whose interface is claimed by another program is a conflict", "[idcard][transport]") {
    auto script = std::make_shared<UsbScript>();
    script->refuseClaim(0);
    auto made = makeUsbSamTransport(std::make_unique<ScriptedUsbDevice>(singleEndpointReader(), script), {});
    REQUIRE_FALSE(made);
    CHECK(made.error().code == ErrorCode::conflict);
}

TEST_CASE("a CH340 reader is set up and then speaks frames over its bulk endpoints", "[idcard][transport]") {
    auto script = std::make_shared<UsbScript>();
    script->expectControlIn(0xC0, 0x5F, 0x0000, 0, {0x31, 0x00})
        .expectControlOut(0x40, 0xA1, 0x0000, 0)
        .expectControlOut(0x40, 0x9A, 0x1312, 0xCC83)
        .expectControlOut(0x40, 0x9A, 0x2518, 0x00C3)
        .expectControlOut(0x40, 0xA4, 0xFF9F, 0)
        .expectWrite(0x02, kFindRequest)
        .reply(0x82, Bytes(kFindOk.begin(), kFindOk.begin() + 5))
        .reply(0x82, Bytes(kFindOk.begin() + 5, kFindOk.end()));
    usb::UsbDeviceInfo info = usb::bulkDeviceInfo({0x1A86, 0x7523}, {1, 7}, 0xFF, 0x02, 0x82, 32);
    info.interfaces[0].endpoints.push_back({0x81, usb::TransferType::interrupt, 8});
    auto transport = transportFor(info, script);
    CHECK(transport->describe().find("CH340") != std::string::npos);
    auto frame = transport->exchange(kFindRequest, soon());
    REQUIRE(frame);
    CHECK(frame->payload[2] == 0x9F);
    CHECK(script->finished());
}

TEST_CASE("the known-reader table holds the native readers and the three bridges", "[idcard][transport]") {
    CHECK(knownSamReaders().size() == 5);
    CHECK_FALSE(findKnownSamReader({0x0400, 0xC35A})->bridge);
    CHECK_FALSE(findKnownSamReader({0x0483, 0x5652})->bridge);
    CHECK(findKnownSamReader({0x1A86, 0x7523})->bridge == SerialBridge::ch341);
    CHECK(findKnownSamReader({0x10C4, 0xEA60})->bridge == SerialBridge::cp210x);
    CHECK(findKnownSamReader({0x067B, 0x2303})->bridge == SerialBridge::pl2303);
    CHECK_FALSE(findKnownSamReader({0x1234, 0x5678}));
}

TEST_CASE("opening from a bus finds the first known reader or the configured one", "[idcard][transport]") {
    usb::ScriptedUsbBus bus;
    bus.plug(usb::bulkDeviceInfo({0x1234, 0x0001}, {1, 2}, 0xFF, 0x02, 0x81), std::make_shared<UsbScript>());
    CHECK(openUsbSamTransport(bus, {}).error().code == ErrorCode::notFound);
    bus.plug(singleEndpointReader({1, 3}), std::make_shared<UsbScript>());
    REQUIRE(openUsbSamTransport(bus, {}));
    CHECK(bus.openCount({1, 3}) == 1);
    UsbSamOptions only;
    only.device = usb::UsbId{0x1234, 0x0001};
    REQUIRE(openUsbSamTransport(bus, only));
    CHECK(bus.openCount({1, 2}) == 1);
}

TEST_CASE("the udev rules let the kiosk group open every known ID-card reader, and bridges' ttys too",
          "[idcard][udev]") {
    std::ifstream in(YIMEN_UDEV_RULES);
    REQUIRE(in);
    std::vector<std::string> rules;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line[0] != '#') {
            rules.push_back(line);
        }
    }
    auto granted = [&](const std::string& subsystem, const KnownSamReader& reader) {
        char vendor[8];
        char product[8];
        std::snprintf(vendor, sizeof vendor, "%04x", reader.id.vendor);
        std::snprintf(product, sizeof product, "%04x", reader.id.product);
        for (const std::string& rule : rules) {
            if (rule.find("SUBSYSTEM==\"" + subsystem + "\"") != std::string::npos &&
                rule.find(std::string("{idVendor}==\"") + vendor + "\"") != std::string::npos &&
                rule.find(std::string("{idProduct}==\"") + product + "\"") != std::string::npos &&
                rule.find("GROUP=\"kiosk\"") != std::string::npos &&
                rule.find("MODE=\"0660\"") != std::string::npos) {
                return true;
            }
        }
        return false;
    };
    for (const KnownSamReader& reader : knownSamReaders()) {
        INFO(reader.description);
        CHECK(granted("usb", reader));
        if (reader.bridge) {
            CHECK(granted("tty", reader));
        }
    }
}
