// Helpers for the ID-card tests: the reference vectors, reply frames spelled out byte by byte, sample cards
// of every type (fictional people), and scripted readers.
#pragma once

#include <cstdint>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/protocol/id_text_block.h"
#include "drivers/usb/scripted_usb_device.h"
#include "tests/drivers/test_support.h"

namespace yimen::drivers::idcard::test {

using Bytes = std::vector<std::uint8_t>;

// "aa aa 96 69" -> the bytes; anything but hex digits is ignored.
inline Bytes fromHex(std::string_view hex) {
    return drivers::test::hexBytes(hex);
}

// A vector from fixtures/vectors.hex (a copy of the reference vectors), by name.
inline Bytes referenceVector(const std::string& name) {
    std::ifstream in(std::string(YIMEN_IDCARD_FIXTURES) + "/vectors.hex");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(name + ":", 0) == 0) {
            return fromHex(line.substr(name.size() + 1));
        }
    }
    throw std::runtime_error("no vector named " + name);
}

// AA AA AA 96 69 | len | payload | XOR — written out here independently of the encoder under test.
inline Bytes frameOf(const Bytes& payload) {
    const std::size_t length = payload.size() + 1;
    Bytes frame{0xAA,
                0xAA,
                0xAA,
                0x96,
                0x69,
                static_cast<std::uint8_t>(length >> 8),
                static_cast<std::uint8_t>(length & 0xFF)};
    frame.insert(frame.end(), payload.begin(), payload.end());
    std::uint8_t x = 0;
    for (std::size_t i = 5; i < frame.size(); ++i) {
        x ^= frame[i];
    }
    frame.push_back(x);
    return frame;
}

inline Bytes replyFrame(std::uint8_t sw3, const Bytes& data = {}, std::uint8_t sw1 = 0,
                        std::uint8_t sw2 = 0) {
    Bytes payload{sw1, sw2, sw3};
    payload.insert(payload.end(), data.begin(), data.end());
    return frameOf(payload);
}

inline Bytes requestFrame(std::uint8_t cmd, std::uint8_t para) {
    return frameOf({cmd, para});
}

// The dummy photo of the reference vector: (i*37+11) & 0xFF.
inline Bytes dummyPhoto(std::size_t size = 1024) {
    Bytes photo(size);
    for (std::size_t i = 0; i < size; ++i) {
        photo[i] = static_cast<std::uint8_t>((i * 37 + 11) & 0xFF);
    }
    return photo;
}

// The date every test checks birth dates against.
inline constexpr const char* kToday = "20250101";

inline protocol::IdCardText residentText() {
    protocol::IdCardText t;
    t.kind = CardKind::resident;
    t.name = "韦秀英";
    t.sexCode = "2";
    t.nationCode = "08";
    t.birthDate = "1956-08-14";
    t.address = "广西壮族自治区南宁市武鸣区城厢镇香山路68号";
    t.idNumber = "450122195608140264";
    t.issuer = "南宁市公安局武鸣分局";
    t.validFrom = "2016-03-21";
    t.validTo = "长期";
    return t;
}

inline protocol::IdCardText permitText() {
    protocol::IdCardText t;
    t.kind = CardKind::hkMacauTaiwanPermit;
    t.name = "陈家明";
    t.sexCode = "1";
    t.birthDate = "1995-06-12";
    t.address = "广东省深圳市福田区福华三路88号";
    t.idNumber = "810000199506121232";
    t.issuer = "深圳市公安局";
    t.validFrom = "2021-07-01";
    t.validTo = "2026-07-01";
    t.passNumber = "H60123456";
    t.issueCount = "01";
    return t;
}

inline protocol::IdCardText foreigner2017Text() {
    protocol::IdCardText t;
    t.kind = CardKind::foreignerPermanent2017;
    t.englishName = "SMITH, JOHN ROBERT";
    t.sexCode = "1";
    t.idNumber = "USA440850420011";
    t.nationality = "USA";
    t.name = "史密斯";
    t.validFrom = "2018-05-02";
    t.validTo = "2028-05-02";
    t.birthDate = "1985-04-20";
    t.cardVersion = "17";
    t.issuer = "1500";
    return t;
}

inline protocol::IdCardText foreigner2023Text() {
    protocol::IdCardText t;
    t.kind = CardKind::foreignerPermanent2023;
    t.name = "玛丽亚";
    t.sexCode = "2";
    t.renewalCount = "00";
    t.birthDate = "1985-04-20";
    // 45 characters: the first 35 go at offset 52, the rest continue at offset 220.
    t.englishName = "GONZALEZ RODRIGUEZ, MARIA DE LOS ANGELES ROSA";
    t.idNumber = "94484019850420001X";
    t.validFrom = "2023-12-01";
    t.validTo = "2033-12-01";
    t.nationality = "ESP";
    return t;
}

inline Bytes textBlockOf(const protocol::IdCardText& text) {
    auto block = protocol::encodeIdTextBlock(text);
    if (!block) {
        throw std::runtime_error(block.error().message);
    }
    return *block;
}

// A whole 30 01 reply frame for `text` with the dummy photo.
inline Bytes readReplyOf(const protocol::IdCardText& text) {
    const Bytes block = textBlockOf(text);
    const Bytes photo = dummyPhoto();
    Bytes data{0x01, 0x00, 0x04, 0x00};
    data.insert(data.end(), block.begin(), block.end());
    data.insert(data.end(), photo.begin(), photo.end());
    return replyFrame(0x90, data);
}

inline const Bytes kFindRequest = requestFrame(0x20, 0x01);
inline const Bytes kSelectRequest = requestFrame(0x20, 0x02);
inline const Bytes kReadRequest = requestFrame(0x30, 0x01);
inline const Bytes kFindOk = replyFrame(0x9F, {0, 0, 0, 0});
inline const Bytes kNoCard = replyFrame(0x80);
inline const Bytes kSelectOk = replyFrame(0x90, Bytes(8, 0));

// Native single-endpoint reader 0400:c35a (bulk 0x02 OUT, 0x81 IN).
inline usb::UsbDeviceInfo singleEndpointReader(usb::UsbLocation where = {1, 4}) {
    return usb::bulkDeviceInfo({0x0400, 0xC35A}, where, 0xFF, 0x02, 0x81);
}

// Native reader with the GA 467 split: 0x02 + 0x06 OUT, 0x81 + 0x85 IN.
inline usb::UsbDeviceInfo splitEndpointReader(usb::UsbLocation where = {1, 4}) {
    usb::UsbDeviceInfo info = usb::bulkDeviceInfo({0x0400, 0xC35A}, where, 0xFF, 0x02, 0x81);
    info.interfaces[0].endpoints.push_back({0x06, usb::TransferType::bulk, 64});
    info.interfaces[0].endpoints.push_back({0x85, usb::TransferType::bulk, 64});
    return info;
}

// One request/reply on a single endpoint pair.
inline void expectExchange(usb::UsbScript& script, const Bytes& request, const Bytes& reply) {
    script.expectWrite(0x02, request).reply(0x81, reply);
}

// Find, select and read of a card whose read reply is `readReply`.
inline void expectCardRead(usb::UsbScript& script, const Bytes& readReply) {
    expectExchange(script, kFindRequest, kFindOk);
    expectExchange(script, kSelectRequest, kSelectOk);
    expectExchange(script, kReadRequest, readReply);
}

}  // namespace yimen::drivers::idcard::test
