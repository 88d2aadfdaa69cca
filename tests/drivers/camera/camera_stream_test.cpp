// Tests for drivers/camera/camera_stream: frames into the latest-frame slot, and recovery from unplugs,
// stalls and refusals, with the conditions reported on the way.
#include <catch2/catch.hpp>

#include <algorithm>
#include <thread>

#include "camera_test_support.h"
#include "drivers/camera/camera_stream.h"
#include "drivers/camera/scripted_v4l2_device.h"
#include "qr_frames.h"

using namespace yimen;
using namespace yimen::drivers::camera;
using namespace std::chrono_literals;

namespace {

std::shared_ptr<V4l2Script> webcam() {
    auto script = std::make_shared<V4l2Script>();
    script->offer(kPixelYuyv, {{640, 480}, {1280, 720}});
    return script;
}

CameraStreamOptions quickOptions() {
    CameraStreamOptions options;
    options.retryInterval = 10s;  // only reconnectNow() or a stall brings the camera back in these tests
    options.frameTimeout = 300ms;
    return options;
}

}  // namespace

TEST_CASE("frames_from_the_camera_reach_the_latest_frame_slot_and_ok_is_reported") {
    auto script = webcam();
    const auto bytes = test::toYuyv(test::blankScene(1280, 720));
    script->frame(bytes).frame(bytes).frame(bytes);
    test::StatusLog log;
    CameraStream stream(scriptedOpener(script), quickOptions(), std::ref(log));
    REQUIRE(test::eventually([&] { return stream.frames().published() == 3; }));
    CHECK(log.waitForOk());
    CHECK(stream.status());
    CHECK_THAT(stream.describe(), Catch::Contains("YUYV 1280x720"));
    const auto latest = stream.frames().latest();
    REQUIRE(latest.frame);
    CHECK(latest.frame->luma.width == 1280);
}

TEST_CASE("an_unplugged_camera_is_reported_absent_and_streams_again_after_replug") {
    auto script = webcam();
    const auto bytes = test::toYuyv(test::blankScene(640, 480));
    CameraStreamOptions options = quickOptions();
    options.capture.width = 640;
    options.capture.height = 480;
    script->frame(bytes).unplug();
    test::StatusLog log;
    CameraStream stream(scriptedOpener(script), options, std::ref(log));

    REQUIRE(log.waitForError(ErrorCode::unavailable));
    CHECK(test::eventually([&] { return stream.frames().latest().frame == nullptr; }));
    CHECK_FALSE(stream.status());

    log.clear();
    script->replug();
    script->frame(bytes);
    stream.reconnectNow();
    CHECK(log.waitForOk());
    CHECK(test::eventually([&] { return stream.frames().latest().frame != nullptr; }));
    CHECK(script->opens() == 2);
}

TEST_CASE("a_camera_absent_at_start_is_reported_and_picked_up_when_it_arrives") {
    auto script = webcam();
    script->unplug();
    {
        // Play the unplug step: a device opened now sees it at its first wait.
        auto device = ScriptedV4l2Device::open(script);
        REQUIRE(device);
        CHECK_FALSE((*device)->waitReadable(0ms));
    }
    test::StatusLog log;
    CameraStream stream(scriptedOpener(script), quickOptions(), std::ref(log));
    REQUIRE(log.waitForError(ErrorCode::notFound));
    script->replug();
    script->frame(test::toYuyv(test::blankScene(1280, 720)));
    stream.reconnectNow();
    CHECK(log.waitForOk());
}

TEST_CASE("a_camera_that_stops_sending_frames_is_reported_and_reopened") {
    auto script = webcam();
    const auto bytes = test::toYuyv(test::blankScene(1280, 720));
    script->frame(bytes);
    test::StatusLog log;
    CameraStream stream(scriptedOpener(script), quickOptions(), std::ref(log));
    REQUIRE(log.waitForOk());
    REQUIRE(log.waitForError(ErrorCode::timeout));
    CHECK(test::eventually([&] { return script->opens() >= 2; }));  // reopened at once, no retry wait
    log.clear();
    script->frame(bytes);
    CHECK(log.waitForOk());
}

TEST_CASE("a_run_of_corrupted_frames_degrades_the_camera_and_a_good_frame_restores_it") {
    auto script = webcam();
    const auto bytes = test::toYuyv(test::blankScene(1280, 720));
    CameraStreamOptions options = quickOptions();
    options.badFramesBeforeDegraded = 3;
    script->frame(bytes).corruptFrame(bytes).corruptFrame(bytes).corruptFrame(bytes);
    test::StatusLog log;
    CameraStream stream(scriptedOpener(script), options, std::ref(log));
    REQUIRE(log.waitForError(ErrorCode::invalidInput));
    CHECK_THAT(stream.describe(), Catch::Contains("3 corrupted frames in a row"));
    log.clear();
    script->frame(bytes);
    CHECK(log.waitForOk());
    CHECK(script->opens() == 1);  // bad frames never reopen the camera
}

TEST_CASE("a_camera_held_by_another_program_is_reported_as_a_conflict") {
    auto script = webcam();
    script->failNext(V4l2Script::Call::streamOn, Error{ErrorCode::conflict, "in use by another program"});
    test::StatusLog log;
    CameraStream stream(scriptedOpener(script), quickOptions(), std::ref(log));
    REQUIRE(log.waitForError(ErrorCode::conflict));
    CHECK_THAT(stream.describe(), Catch::Contains("in use by another program"));
    script->frame(test::toYuyv(test::blankScene(1280, 720)));
    stream.reconnectNow();
    CHECK(log.waitForOk());
}

TEST_CASE("the_same_condition_is_reported_once") {
    auto script = webcam();
    const auto bytes = test::toYuyv(test::blankScene(1280, 720));
    for (int i = 0; i < 20; ++i) {
        script->frame(bytes);
    }
    test::StatusLog log;
    {
        CameraStream stream(scriptedOpener(script), quickOptions(), std::ref(log));
        REQUIRE(test::eventually([&] { return stream.frames().published() == 20; }));
    }
    const auto entries = log.entries();
    REQUIRE_FALSE(entries.empty());
    CHECK(entries.front() == std::nullopt);
    CHECK(std::count(entries.begin(), entries.end(), std::nullopt) == 1);
}

TEST_CASE("a_stream_without_an_opener_reports_no_camera") {
    test::StatusLog log;
    CameraStream stream(V4l2Opener{}, quickOptions(), std::ref(log));
    CHECK(log.waitForError(ErrorCode::notFound));
}

TEST_CASE("a_camera_nobody_wants_stays_closed_and_is_opened_only_while_wanted") {
    auto script = webcam();
    const auto bytes = test::toYuyv(test::blankScene(1280, 720));
    script->frame(bytes).repeat(20ms);
    CameraStreamOptions options = quickOptions();
    options.startActive = false;
    test::StatusLog log;
    CameraStream stream(scriptedOpener(script), options, std::ref(log));
    // Given time to open it, a camera nobody asked for is left alone.
    std::this_thread::sleep_for(300ms);
    CHECK(script->opens() == 0);
    CHECK_FALSE(stream.active());

    stream.setActive(true);
    REQUIRE(log.waitForOk());
    CHECK(test::eventually([&] { return stream.frames().latest().frame != nullptr; }));
    CHECK(script->streaming());

    // Wanted no more: streaming stops and no frame is kept.
    stream.setActive(false);
    CHECK(test::eventually([&] { return !script->streaming(); }));
    CHECK(stream.frames().latest().frame == nullptr);
    CHECK_THAT(stream.describe(), Catch::Contains("closed"));

    stream.setActive(true);
    CHECK(test::eventually([&] { return script->opens() == 2 && script->streaming(); }));
}
