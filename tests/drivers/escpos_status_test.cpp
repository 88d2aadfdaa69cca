// Tests for drivers/protocol/escpos_status.cpp: DLE EOT requests and replies.
#include "drivers/protocol/escpos_status.h"

#include <catch2/catch.hpp>

using namespace yimen;
using namespace yimen::drivers;
using namespace yimen::drivers::protocol;

TEST_CASE("status request is DLE EOT n") {
    CHECK(statusRequest(StatusQuery::printer) == std::array<std::uint8_t, 3>{0x10, 0x04, 0x01});
    CHECK(statusRequest(StatusQuery::paperSensor) == std::array<std::uint8_t, 3>{0x10, 0x04, 0x04});
}

TEST_CASE("status replies decode into what a technician reads") {
    struct Case {
        const char* what;
        StatusQuery query;
        std::uint8_t reply;
        const char* description;
    };
    const Case cases[] = {
        {"idle printer", StatusQuery::printer, 0x12, "正常"},
        {"off-line", StatusQuery::printer, 0x1A, "打印机离线"},
        {"drawer pin only", StatusQuery::printer, 0x16, "正常"},
        {"cover open", StatusQuery::offlineCause, 0x16, "打印机盖未关好"},
        {"feed button", StatusQuery::offlineCause, 0x1A, "正常"},
        {"stopped by paper end", StatusQuery::offlineCause, 0x32, "打印纸已用完"},
        {"error occurred", StatusQuery::offlineCause, 0x52, "打印机故障"},
        {"auto-cutter error", StatusQuery::error, 0x1A, "打印机故障"},
        {"unrecoverable error", StatusQuery::error, 0x32, "打印机故障"},
        {"auto-recoverable error", StatusQuery::error, 0x52, "打印机故障"},
        {"paper near end", StatusQuery::paperSensor, 0x1E, "打印纸将用完"},
        {"paper end", StatusQuery::paperSensor, 0x72, "打印纸已用完"},
        {"near end and end", StatusQuery::paperSensor, 0x7E, "打印纸已用完"},
        {"paper present", StatusQuery::paperSensor, 0x12, "正常"},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        PrinterStatus status;
        REQUIRE(applyStatusReply(c.query, c.reply, status).hasValue());
        CHECK(status.describe() == c.description);
    }
}

TEST_CASE("bytes that are not DLE EOT replies are refused and change nothing") {
    for (std::uint8_t reply : {0x00, 0xFF, 0x10, 0x13, 0x92, 0x02}) {
        INFO(static_cast<int>(reply));
        PrinterStatus status;
        status.paperNearEnd = true;
        auto s = applyStatusReply(StatusQuery::paperSensor, reply, status);
        REQUIRE_FALSE(s.hasValue());
        CHECK(s.error().code == ErrorCode::invalidInput);
        CHECK(status.paperNearEnd);
        CHECK_FALSE(status.paperOut);
    }
}

TEST_CASE("all four replies together give the whole status") {
    auto ok = decodeStatusReplies({0x12, 0x12, 0x12, 0x12});
    REQUIRE(ok.hasValue());
    CHECK(ok->canPrint());

    // Cover open: the printer also reports itself off-line.
    auto cover = decodeStatusReplies({0x1A, 0x16, 0x12, 0x1E});
    REQUIRE(cover.hasValue());
    CHECK_FALSE(cover->online);
    CHECK(cover->coverOpen);
    CHECK(cover->paperNearEnd);
    CHECK_FALSE(cover->canPrint());
    CHECK(cover->describe() == "打印纸将用完，打印机盖未关好");

    auto bad = decodeStatusReplies({0x12, 0x12, 0x00, 0x12});
    REQUIRE_FALSE(bad.hasValue());
    CHECK(bad.error().message == "0x00 is not a reply to DLE EOT 3");
}
