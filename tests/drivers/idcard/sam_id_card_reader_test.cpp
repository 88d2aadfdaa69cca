// The SAM reader end to end over the scripted USB fake: cards of every type, no card, every fault a citizen
// or technician would meet, and recovery after unplugging without a restart.
#include "drivers/idcard/sam_id_card_reader.h"

#include <catch2/catch.hpp>

#include "drivers/idcard/sam_transport_factory.h"
#include "idcard_test_support.h"

using namespace yimen;
using namespace yimen::drivers;
using namespace yimen::drivers::idcard;
using namespace yimen::drivers::idcard::test;
using yimen::drivers::usb::ScriptedUsbBus;
using yimen::drivers::usb::ScriptedUsbDevice;
using yimen::drivers::usb::UsbScript;

namespace {

SamReaderOptions testOptions() {
    SamReaderOptions options;
    options.todayYmd = kToday;
    return options;
}

// A reader whose connector opens one scripted device; later connects fail as if it were unplugged.
struct ScriptedReader {
    std::shared_ptr<UsbScript> script = std::make_shared<UsbScript>();
    int connects = 0;
    SamIdCardReader reader{[this]() -> Expected<std::unique_ptr<SamTransport>> {
                               if (connects++ > 0) {
                                   return fail(ErrorCode::notFound, "no known ID-card reader on USB");
                               }
                               return makeUsbSamTransport(
                                   std::make_unique<ScriptedUsbDevice>(singleEndpointReader(), script), {});
                           },
                           testOptions()};
};

// A reader on a scripted bus, so the test can unplug and replug it.
struct BusReader {
    ScriptedUsbBus bus;
    SamIdCardReader reader{[this] { return openUsbSamTransport(bus, {}); }, testOptions()};
};

std::string citizenPart(const Error& e) {
    return protocol::samCitizenMessage(e);
}

}  // namespace

TEST_CASE("with no card on the reader, readCard returns nothing after a single find", "[idcard][reader]") {
    ScriptedReader r;
    expectExchange(*r.script, kFindRequest, kNoCard);
    auto result = r.reader.readCard();
    REQUIRE(result);
    CHECK_FALSE(result->has_value());
    CHECK(r.script->finished());
}

TEST_CASE("a resident card is found, selected and read into the identity byte for byte", "[idcard][reader]") {
    ScriptedReader r;
    expectCardRead(*r.script, referenceVector("read_base_info_response"));
    auto result = r.reader.readCard();
    REQUIRE(result);
    REQUIRE(result->has_value());
    const Identity& id = **result;
    CHECK(id.name == "张三");
    CHECK(id.idNumber == "450403199003071230");
    CHECK(id.nation == "汉");
    CHECK(id.photoWlt == dummyPhoto());
    CHECK(r.script->finished());
    CHECK(r.script->written(0x02) == [] {
        Bytes all = kFindRequest;
        all.insert(all.end(), kSelectRequest.begin(), kSelectRequest.end());
        all.insert(all.end(), kReadRequest.begin(), kReadRequest.end());
        return all;
    }());
}

TEST_CASE("permits and both foreigner cards are read through the same reader", "[idcard][reader]") {
    ScriptedReader r;
    expectCardRead(*r.script, readReplyOf(permitText()));
    expectCardRead(*r.script, readReplyOf(foreigner2017Text()));
    expectCardRead(*r.script, readReplyOf(foreigner2023Text()));
    auto permit = r.reader.readCard();
    REQUIRE(permit);
    CHECK((*permit)->kind == CardKind::hkMacauTaiwanPermit);
    auto old = r.reader.readRecord();
    REQUIRE(old);
    CHECK((*old)->text.englishName == "SMITH, JOHN ROBERT");
    CHECK((*old)->text.nationality == "USA");
    (*old)->wipe();
    auto current = r.reader.readCard();
    REQUIRE(current);
    CHECK((*current)->kind == CardKind::foreignerPermanent2023);
    CHECK((*current)->name == "玛丽亚");
}

TEST_CASE("reading with fingerprints asks with 30 10 and keeps the fingerprint data", "[idcard][reader]") {
    auto script = std::make_shared<UsbScript>();
    const Bytes fingerprints(1024, 0x3C);
    const Bytes data =
        protocol::buildReadCardData(textBlockOf(residentText()), dummyPhoto(), fingerprints, true);
    expectExchange(*script, kFindRequest, kFindOk);
    expectExchange(*script, kSelectRequest, kSelectOk);
    expectExchange(*script, referenceVector("read_with_fingerprint_request"), replyFrame(0x90, data));
    SamReaderOptions options = testOptions();
    options.readFingerprints = true;
    SamIdCardReader reader(
        [&] {
            return makeUsbSamTransport(std::make_unique<ScriptedUsbDevice>(singleEndpointReader(), script),
                                       {});
        },
        options);
    auto record = reader.readRecord();
    REQUIRE(record);
    REQUIRE(record->has_value());
    CHECK((*record)->fingerprints == fingerprints);
    CHECK(replyFrame(0x90, data).size() == 2321);
}

TEST_CASE("a card taken away before it is selected asks the citizen to place it again",
          "[idcard][reader][fault]") {
    ScriptedReader r;
    expectExchange(*r.script, kFindRequest, kFindOk);
    expectExchange(*r.script, kSelectRequest, replyFrame(0x81));
    auto result = r.reader.readCard();
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::device);
    CHECK(citizenPart(result.error()) == "读卡中断，请将身份证放稳后重新读卡");
    CHECK(result.error().message.find("taken away") != std::string::npos);
}

TEST_CASE("a card taken away mid-read is a clear device error, and the next card reads fine",
          "[idcard][reader][fault]") {
    ScriptedReader r;
    expectExchange(*r.script, kFindRequest, kFindOk);
    expectExchange(*r.script, kSelectRequest, kSelectOk);
    expectExchange(*r.script, kReadRequest, fromHex("AA AA AA 96 69 00 04 00 00 41 45"));
    expectCardRead(*r.script, referenceVector("read_base_info_response"));
    auto interrupted = r.reader.readCard();
    REQUIRE_FALSE(interrupted);
    CHECK(interrupted.error().code == ErrorCode::device);
    CHECK(interrupted.error().message.find("card taken away during the read") != std::string::npos);
    auto next = r.reader.readCard();
    REQUIRE(next);
    CHECK((*next)->name == "张三");
}

TEST_CASE("a read reply cut short when the card is lifted times out with a message for the citizen",
          "[idcard][reader][fault]") {
    ScriptedReader r;
    const Bytes read = referenceVector("read_base_info_response");
    expectExchange(*r.script, kFindRequest, kFindOk);
    expectExchange(*r.script, kSelectRequest, kSelectOk);
    expectExchange(*r.script, kReadRequest, Bytes(read.begin(), read.begin() + 700));
    auto result = r.reader.readCard();
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::timeout);
    CHECK(citizenPart(result.error()) == "读卡中断，请将身份证放稳后重新读卡");
    CHECK(result.error().message.find("700 bytes") != std::string::npos);
}

TEST_CASE("a corrupted read reply is invalid input, never a wrong identity", "[idcard][reader][fault]") {
    ScriptedReader r;
    Bytes read = referenceVector("read_base_info_response");
    read[200] ^= 0x01;
    expectCardRead(*r.script, read);
    auto result = r.reader.readCard();
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::invalidInput);
    CHECK(result.error().message.find("checksum") != std::string::npos);
}

TEST_CASE("card data that fails its checks is refused with a sentence for the citizen",
          "[idcard][reader][fault]") {
    ScriptedReader r;
    protocol::IdCardText bad = residentText();
    bad.idNumber = "450122195608140265";
    expectCardRead(*r.script, readReplyOf(bad));
    auto result = r.reader.readCard();
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::invalidInput);
    CHECK(citizenPart(result.error()) == "无法读取证件信息，请重新放置身份证");
    CHECK(result.error().message.find("check digit") != std::string::npos);
}

TEST_CASE("a SAM fault is reported for a technician", "[idcard][reader][fault]") {
    ScriptedReader r;
    expectExchange(*r.script, kFindRequest, replyFrame(0x60));
    auto result = r.reader.readCard();
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::device);
    CHECK(citizenPart(result.error()) == "身份证读卡器故障，请联系工作人员");
    CHECK(result.error().message.find("self-test") != std::string::npos);
}

TEST_CASE("a reader that does not answer is a timeout, and the reader is reopened after repeated failures",
          "[idcard][reader][fault]") {
    BusReader r;
    auto script = std::make_shared<UsbScript>();
    for (int i = 0; i < 3; ++i) {
        script->expectWrite(0x02, kFindRequest);
    }
    expectExchange(*script, kFindRequest, kNoCard);
    r.bus.plug(singleEndpointReader({1, 4}), script);
    for (int i = 0; i < 3; ++i) {
        auto result = r.reader.readCard();
        REQUIRE_FALSE(result);
        CHECK(result.error().code == ErrorCode::timeout);
        CHECK(citizenPart(result.error()) == "身份证读卡器无响应，请联系工作人员");
    }
    CHECK(r.bus.openCount({1, 4}) == 1);
    auto recovered = r.reader.readCard();
    REQUIRE(recovered);
    CHECK_FALSE(recovered->has_value());
    CHECK(r.bus.openCount({1, 4}) == 2);
    CHECK(script->finished());
}

TEST_CASE("unplugging mid-read gives unavailable, and a replugged reader works again with no restart",
          "[idcard][reader][fault][hotplug]") {
    BusReader r;
    const Bytes read = referenceVector("read_base_info_response");
    auto before = std::make_shared<UsbScript>();
    expectExchange(*before, kFindRequest, kFindOk);
    expectExchange(*before, kSelectRequest, kSelectOk);
    before->expectWrite(0x02, kReadRequest).reply(0x81, Bytes(read.begin(), read.begin() + 400)).disconnect();
    r.bus.plug(singleEndpointReader({1, 4}), before);

    auto unplugged = r.reader.readCard();
    REQUIRE_FALSE(unplugged);
    CHECK(unplugged.error().code == ErrorCode::unavailable);
    CHECK(citizenPart(unplugged.error()) == "身份证读卡器未连接，请联系工作人员");

    auto absent = r.reader.readCard();
    REQUIRE_FALSE(absent);
    CHECK(absent.error().code == ErrorCode::unavailable);
    CHECK(r.reader.describe().find("not connected") != std::string::npos);

    auto after = std::make_shared<UsbScript>();
    expectCardRead(*after, read);
    r.bus.plug(singleEndpointReader({1, 9}), after);
    auto again = r.reader.readCard();
    REQUIRE(again);
    REQUIRE(again->has_value());
    CHECK((*again)->name == "张三");
}

TEST_CASE("a reader claimed by another program is reported, not hung on", "[idcard][reader][fault]") {
    BusReader r;
    auto script = std::make_shared<UsbScript>();
    script->refuseClaim(0);
    r.bus.plug(singleEndpointReader(), script);
    auto result = r.reader.readCard();
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::conflict);
}

TEST_CASE("the SAM commands for the technician: status, reset and SAM ID", "[idcard][reader]") {
    ScriptedReader r;
    expectExchange(*r.script, fromHex("AA AA AA 96 69 00 03 11 FF ED"),
                   referenceVector("status_success_response"));
    expectExchange(*r.script, fromHex("AA AA AA 96 69 00 03 10 FF EC"),
                   referenceVector("status_success_response"));
    const Bytes samData = fromHex("05 00 01 00 12 34 56 78 9A BC DE F0 01 02 03 04");
    expectExchange(*r.script, fromHex("AA AA AA 96 69 00 03 12 FF EE"), replyFrame(0x90, samData));
    expectExchange(*r.script, fromHex("AA AA AA 96 69 00 03 11 FF ED"), replyFrame(0x60));
    CHECK(r.reader.checkSam());
    CHECK(r.reader.resetSam());
    auto id = r.reader.samId();
    REQUIRE(id);
    CHECK(*id == "05 00 01 00 12 34 56 78 9a bc de f0 01 02 03 04");
    auto broken = r.reader.checkSam();
    REQUIRE_FALSE(broken);
    CHECK(broken.error().message.find("self-test") != std::string::npos);
    CHECK(r.script->finished());
}

TEST_CASE("with no reader plugged in readCard says so instead of failing silently",
          "[idcard][reader][fault]") {
    BusReader r;
    auto result = r.reader.readCard();
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::unavailable);
    CHECK(result.error().message.find("no known ID-card reader") != std::string::npos);
}
