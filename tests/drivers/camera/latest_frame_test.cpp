// Tests for drivers/camera/latest_frame: numbering, skipping, waiting, and shutting down.
#include <catch2/catch.hpp>

#include <thread>

#include "drivers/camera/latest_frame.h"

using namespace yimen::drivers::camera;
using namespace std::chrono_literals;

namespace {

CameraFrame frameOfWidth(std::uint32_t width) {
    CameraFrame frame;
    frame.luma.width = width;
    return frame;
}

}  // namespace

TEST_CASE("published_frames_are_numbered_in_order_and_the_newest_wins") {
    LatestFrame slot;
    CHECK(slot.latest().frame == nullptr);
    CHECK(slot.publish(frameOfWidth(1)) == 1);
    CHECK(slot.publish(frameOfWidth(2)) == 2);
    const auto snapshot = slot.latest();
    REQUIRE(snapshot.frame);
    CHECK(snapshot.sequence == 2);
    CHECK(snapshot.frame->sequence == 2);
    CHECK(snapshot.frame->luma.width == 2);
}

TEST_CASE("a_slow_reader_skips_to_the_newest_frame") {
    LatestFrame slot;
    for (std::uint32_t i = 1; i <= 5; ++i) {
        (void)slot.publish(frameOfWidth(i));
    }
    const auto snapshot = slot.waitNewer(1, 0ms);
    REQUIRE(snapshot.frame);
    CHECK(snapshot.sequence == 5);
}

TEST_CASE("waiting_for_a_newer_frame_returns_when_one_is_published") {
    LatestFrame slot;
    (void)slot.publish(frameOfWidth(1));
    CHECK(slot.waitNewer(1, 10ms).frame == nullptr);
    std::thread publisher([&] { (void)slot.publish(frameOfWidth(7)); });
    const auto snapshot = slot.waitNewer(1, 10s);
    publisher.join();
    REQUIRE(snapshot.frame);
    CHECK(snapshot.frame->luma.width == 7);
}

TEST_CASE("a_reader_keeps_its_frame_after_the_camera_goes_away") {
    LatestFrame slot;
    (void)slot.publish(frameOfWidth(3));
    const auto kept = slot.latest();
    slot.clear();
    CHECK(slot.latest().frame == nullptr);
    REQUIRE(kept.frame);
    CHECK(kept.frame->luma.width == 3);
    CHECK(slot.publish(frameOfWidth(4)) == 2);  // numbering continues
}

TEST_CASE("closing_wakes_a_waiting_reader") {
    LatestFrame slot;
    std::thread closer([&] { slot.close(); });
    CHECK(slot.waitNewer(0, 10s).frame == nullptr);
    closer.join();
    CHECK(slot.waitNewer(0, 10s).frame == nullptr);
}
