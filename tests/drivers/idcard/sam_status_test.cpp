// Every SW3 status maps to an error code, a Chinese sentence for the citizen and a technical detail.
#include "drivers/protocol/sam_status.h"

#include <catch2/catch.hpp>

#include "idcard_test_support.h"

using namespace yimen;
using namespace yimen::drivers::protocol;
using namespace yimen::drivers::idcard::test;

TEST_CASE("each documented SW3 status becomes the right kind of error", "[idcard][sam_status]") {
    struct Row {
        std::uint8_t sw3;
        ErrorCode code;
        const char* technicalPart;
    };
    const Row rows[] = {
        {0x10, ErrorCode::io, "bad checksum"},
        {0x11, ErrorCode::io, "bad length"},
        {0x21, ErrorCode::device, "rejected the command"},
        {0x23, ErrorCode::device, "unauthorised"},
        {0x24, ErrorCode::device, "unrecognised error"},
        {0x31, ErrorCode::device, "card failed to authenticate the SAM"},
        {0x32, ErrorCode::device, "SAM failed to authenticate the card"},
        {0x33, ErrorCode::device, "verification"},
        {0x40, ErrorCode::device, "card type"},
        {0x41, ErrorCode::device, "reading the card failed"},
        {0x47, ErrorCode::device, "random number"},
        {0x60, ErrorCode::device, "self-test"},
        {0x66, ErrorCode::device, "not authorised"},
        {0x80, ErrorCode::device, "no card"},
        {0x81, ErrorCode::device, "selecting the card failed"},
        {0x91, ErrorCode::notFound, "no such item"},
        {0x5A, ErrorCode::device, "unknown reader status"},
    };
    for (const Row& row : rows) {
        SamReply reply;
        reply.sw1 = 0x6A;
        reply.sw2 = 0x82;
        reply.sw3 = row.sw3;
        const Error e = samStatusError(reply);
        INFO("SW3 " << static_cast<int>(row.sw3) << ": " << e.message);
        CHECK(e.code == row.code);
        CHECK(e.message.find(row.technicalPart) != std::string::npos);
        char sw[16];
        std::snprintf(sw, sizeof sw, "SW 6a 82 %02x", row.sw3);
        CHECK(e.message.find(sw) != std::string::npos);
        const std::string citizen = samCitizenMessage(e);
        CHECK_FALSE(citizen.empty());
        CHECK(citizen.find("SW") == std::string::npos);
    }
}

TEST_CASE("the citizen sees a plain Chinese sentence even after context was added", "[idcard][sam_status]") {
    SamReply reply;
    reply.sw3 = 0x60;
    const Error e = samStatusError(reply).withContext("reading the card").withContext("identify");
    CHECK(samCitizenMessage(e) == "身份证读卡器故障，请联系工作人员");
    CHECK(samCitizenMessage(Error{ErrorCode::io, "broken pipe"}) == "读卡失败，请重新放置身份证");
}

TEST_CASE("a reply shorter than its three status bytes is invalid input", "[idcard][sam_status]") {
    CHECK(parseSamReply(SamFrame{{0x00, 0x00}}).error().code == ErrorCode::invalidInput);
    const auto reply = parseSamReply(SamFrame{{0x00, 0x00, 0x9F, 1, 2, 3, 4}});
    REQUIRE(reply);
    CHECK(reply->is(SamStatus::cardFound));
    CHECK(reply->data == Bytes{1, 2, 3, 4});
}
