// The rate journey (评价) through the pure session: a receipt found, a level, the reasons of a 不满意, and
// the rating queued.
#include <catch2/catch.hpp>

#include "kiosk/core/texts.h"
#include "session_fixture.h"

using namespace yimen;
using namespace yimen::kiosk;
using yimen::kiosk::test::Driver;

TEST_CASE("评价 finds the receipt as 查询 does, then asks for a level", "[rate]") {
    Driver d;
    d.send(ev::StartRate{});
    REQUIRE(d.screen() == Screen::trackScan);
    CHECK(d.state().trackPurpose == TrackPurpose::rate);
    CHECK(d.last<fx::WantScans>()->wanted);
    d.send(ev::Scanned{receiptQrPayload("YM00012611190001", "042137")});
    REQUIRE(d.screen() == Screen::trackWaiting);
    d.send(Driver::sampleAnswer(d.state().lookupId));
    REQUIRE(d.screen() == Screen::rateLevel);
    REQUIRE(d.state().trackResult);
    CHECK(d.state().trackQueryCode.empty());
}

TEST_CASE("a satisfied level is queued at once with no reasons and ends with the thanks", "[rate]") {
    for (int level : {3, 4, 5}) {
        Driver d;
        d.walkTo(Screen::rateLevel);
        d.send(ev::Rate{level});
        CHECK(d.screen() == Screen::home);
        const auto* queued = d.last<fx::QueueRating>();
        REQUIRE(queued);
        CHECK(queued->receiptNo == "YM00012611190001");
        CHECK(queued->level == level);
        CHECK(queued->tags.empty());
        CHECK(d.state().notice == texts::kThanksForRating);
        CHECK_FALSE(d.state().trackResult);
    }
}

TEST_CASE("a 不满意 needs at least one reason, and the reasons chosen go with it", "[rate]") {
    Driver d;
    d.walkTo(Screen::rateLevel);
    d.send(ev::Rate{1});
    REQUIRE(d.screen() == Screen::rateReasons);
    d.send(ev::Submit{});
    CHECK(d.screen() == Screen::rateReasons);
    CHECK(d.state().rateMessage == texts::kRateReasonNeeded);
    CHECK(d.count<fx::QueueRating>() == 0);

    d.send(ev::ToggleReason{6});
    d.send(ev::ToggleReason{0});
    d.send(ev::ToggleReason{3});
    d.send(ev::ToggleReason{3});  // ticked, then unticked
    CHECK(d.state().rateMessage.empty());
    d.send(ev::ToggleReason{42});  // no such reason: a bug, and nothing changes
    CHECK(d.count<fx::LogBug>() == 1);
    d.send(ev::Submit{});
    CHECK(d.screen() == Screen::home);
    const auto* queued = d.last<fx::QueueRating>();
    REQUIRE(queued);
    CHECK(queued->level == 1);
    CHECK(queued->tags == std::vector<std::string>{texts::kRatingReasons[0], texts::kRatingReasons[6]});
}

TEST_CASE("返回 from the reasons goes back to the levels, and from the levels to another receipt", "[rate]") {
    Driver d;
    d.walkTo(Screen::rateReasons);
    d.send(ev::ToggleReason{1});
    d.send(ev::Back{});
    CHECK(d.screen() == Screen::rateLevel);
    CHECK(d.state().rateReasons.empty());
    d.send(ev::Back{});
    CHECK(d.screen() == Screen::trackScan);
    CHECK(d.state().trackPurpose == TrackPurpose::rate);
    CHECK_FALSE(d.state().trackResult);
}

TEST_CASE("an application rated before is not asked again", "[rate]") {
    Driver d;
    d.send(ev::StartRate{});
    d.send(ev::Scanned{receiptQrPayload("YM00012611190001", "042137")});
    auto answer = Driver::sampleAnswer(d.state().lookupId);
    answer.status.ratedAt = "2026-11-20T02:00:00Z";
    d.send(answer);
    CHECK(d.screen() == Screen::trackScan);
    CHECK(d.state().trackMessage == texts::kAlreadyRated);
    CHECK(d.count<fx::QueueRating>() == 0);
}

TEST_CASE("a receipt held up on Home is tracked, whatever the last session did", "[rate]") {
    Driver d;
    d.send(ev::StartRate{});
    d.send(ev::Home{});
    d.send(ev::Scanned{receiptQrPayload("YM00012611190001", "042137")});
    d.send(Driver::sampleAnswer(d.state().lookupId));
    CHECK(d.screen() == Screen::trackResult);
}
