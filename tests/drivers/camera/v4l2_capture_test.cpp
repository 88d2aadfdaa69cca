// Tests for drivers/camera/v4l2_capture against the scripted V4L2 fake: negotiation, streaming, faults.
#include <catch2/catch.hpp>

#include "drivers/camera/scripted_v4l2_device.h"
#include "drivers/camera/v4l2_capture.h"
#include "qr_frames.h"

using namespace yimen;
using namespace yimen::drivers::camera;
using namespace std::chrono_literals;

namespace {

const std::vector<V4l2FrameSize> kWebcamSizes{{640, 480}, {1280, 720}, {1920, 1080}};

std::unique_ptr<V4l2Device> openScripted(const std::shared_ptr<V4l2Script>& script) {
    auto device = ScriptedV4l2Device::open(script, "/dev/video0");
    REQUIRE(device);
    return std::move(*device);
}

std::unique_ptr<V4l2Capture> startCapture(const std::shared_ptr<V4l2Script>& script,
                                          CaptureOptions options = {}) {
    auto capture = V4l2Capture::start(openScripted(script), options);
    INFO((capture ? "" : capture.error().describe()));
    REQUIRE(capture);
    return std::move(*capture);
}

V4l2PixelFormat format(std::uint32_t code) {
    return {code, fourccName(code), code != kPixelYuyv};
}

}  // namespace

TEST_CASE("yuyv_is_preferred_and_mjpeg_taken_only_when_it_is_all_there_is") {
    CHECK(*choosePixelFormat({format(kPixelMjpeg), format(kPixelYuyv)}) == kPixelYuyv);
    CHECK(*choosePixelFormat({format(fourcc('H', '2', '6', '4')), format(kPixelMjpeg)}) == kPixelMjpeg);
    CHECK(*choosePixelFormat({format(kPixelJpeg)}) == kPixelJpeg);
    auto none = choosePixelFormat({format(fourcc('H', '2', '6', '4')), format(fourcc('N', 'V', '1', '2'))});
    REQUIRE_FALSE(none);
    CHECK(none.error().code == ErrorCode::invalidInput);
    CHECK_THAT(none.error().message, Catch::Contains("H264, NV12"));
}

TEST_CASE("the_offered_size_nearest_the_wanted_one_is_chosen") {
    CHECK(chooseFrameSize(kWebcamSizes, {1280, 720}) == V4l2FrameSize{1280, 720});
    CHECK(chooseFrameSize({{640, 480}, {1920, 1080}}, {1280, 720}) == V4l2FrameSize{640, 480});
    CHECK(chooseFrameSize({{800, 600}, {1024, 768}}, {1280, 720}) == V4l2FrameSize{1024, 768});
    CHECK(chooseFrameSize({}, {1280, 720}) == V4l2FrameSize{1280, 720});
}

TEST_CASE("a_webcam_offering_both_streams_yuyv_at_720p") {
    auto script = std::make_shared<V4l2Script>();
    script->offer(kPixelMjpeg, kWebcamSizes).offer(kPixelYuyv, kWebcamSizes);
    auto capture = startCapture(script);
    CHECK(capture->format().code == kPixelYuyv);
    CHECK(capture->format().width == 1280);
    CHECK(capture->format().bytesPerLine == 2560);
    CHECK(script->streaming());
    CHECK(script->buffersGranted() == 4);
    CHECK(script->buffersQueued() == 4);
    CHECK_THAT(capture->describe(), Catch::Contains("YUYV 1280x720 from /dev/video0"));
}

TEST_CASE("a_yuyv_frame_arrives_with_its_luma_and_its_buffer_goes_back") {
    auto script = std::make_shared<V4l2Script>();
    script->offer(kPixelYuyv, kWebcamSizes);
    auto capture = startCapture(script);
    const GrayImage scene = test::qrScene("FRAME-1");
    for (int i = 0; i < 10; ++i) {
        script->frame(test::toYuyv(scene));
    }
    for (int i = 0; i < 10; ++i) {
        auto frame = capture->nextFrame(1s);
        REQUIRE(frame);
        REQUIRE(*frame);
        CHECK((*frame)->luma.pixels == scene.pixels);
        CHECK((*frame)->pixelFormat == kPixelYuyv);
        CHECK(script->buffersQueued() == 4);
    }
    CHECK(script->framesDelivered() == 10);
}

TEST_CASE("an_mjpeg_only_camera_is_decoded") {
    auto script = std::make_shared<V4l2Script>();
    script->offer(kPixelMjpeg, kWebcamSizes);
    auto capture = startCapture(script);
    CHECK(capture->format().code == kPixelMjpeg);
    const GrayImage scene = test::qrScene("MJPEG");
    script->frame(test::withoutHuffmanTables(test::toMjpeg(scene)));
    auto frame = capture->nextFrame(1s);
    REQUIRE(frame);
    REQUIRE(*frame);
    CHECK((*frame)->luma.width == 1280);
    CHECK((*frame)->luma.height == 720);
    CHECK((*frame)->pixelFormat == kPixelMjpeg);
}

TEST_CASE("a_camera_with_no_usable_format_is_refused_with_what_it_offers") {
    auto script = std::make_shared<V4l2Script>();
    script->offer(fourcc('H', '2', '6', '4'), kWebcamSizes);
    auto capture = V4l2Capture::start(openScripted(script));
    REQUIRE_FALSE(capture);
    CHECK(capture.error().code == ErrorCode::invalidInput);
    CHECK_THAT(capture.error().message, Catch::Contains("/dev/video0") && Catch::Contains("H264"));
    CHECK_FALSE(script->streaming());
}

TEST_CASE("a_node_that_is_not_a_capture_device_is_refused") {
    auto script = std::make_shared<V4l2Script>();
    V4l2Capability caps;
    caps.card = "Metadata node";
    caps.videoCapture = false;
    caps.streaming = true;
    script->capability(caps).offer(kPixelYuyv, kWebcamSizes);
    auto capture = V4l2Capture::start(openScripted(script));
    REQUIRE_FALSE(capture);
    CHECK(capture.error().code == ErrorCode::invalidInput);
    CHECK_THAT(capture.error().message, Catch::Contains("not a streaming video capture device"));
}

TEST_CASE("a_driver_granting_a_single_buffer_is_refused") {
    auto script = std::make_shared<V4l2Script>();
    script->offer(kPixelYuyv, kWebcamSizes).maxBuffers(1);
    auto capture = V4l2Capture::start(openScripted(script));
    REQUIRE_FALSE(capture);
    CHECK(capture.error().code == ErrorCode::io);
    CHECK(script->buffersGranted() == 0);
}

TEST_CASE("a_camera_busy_in_another_program_is_a_conflict_with_context") {
    auto script = std::make_shared<V4l2Script>();
    script->offer(kPixelYuyv, kWebcamSizes)
        .failNext(V4l2Script::Call::streamOn, Error{ErrorCode::conflict, "device busy"});
    auto capture = V4l2Capture::start(openScripted(script));
    REQUIRE_FALSE(capture);
    CHECK(capture.error().code == ErrorCode::conflict);
    CHECK_THAT(capture.error().message, Catch::StartsWith("starting /dev/video0"));
}

TEST_CASE("no_frame_in_time_is_nothing_rather_than_an_error") {
    auto script = std::make_shared<V4l2Script>();
    script->offer(kPixelYuyv, kWebcamSizes);
    auto capture = startCapture(script);
    script->silence();
    auto frame = capture->nextFrame(1s);
    REQUIRE(frame);
    CHECK_FALSE(*frame);
    frame = capture->nextFrame(20ms);  // nothing scripted at all: waits out the timeout
    REQUIRE(frame);
    CHECK_FALSE(*frame);
}

TEST_CASE("corrupted_and_truncated_frames_are_skipped_and_the_next_one_arrives") {
    auto script = std::make_shared<V4l2Script>();
    script->offer(kPixelYuyv, kWebcamSizes);
    auto capture = startCapture(script);
    const auto good = test::toYuyv(test::blankScene());
    script->corruptFrame(good)
        .frame(std::vector<std::uint8_t>(good.begin(), good.begin() + 1000))
        .frame({})
        .frame(good);

    auto corrupted = capture->nextFrame(1s);
    REQUIRE_FALSE(corrupted);
    CHECK(corrupted.error().code == ErrorCode::invalidInput);
    CHECK_THAT(corrupted.error().message, Catch::Contains("corrupted"));

    auto truncated = capture->nextFrame(1s);
    REQUIRE_FALSE(truncated);
    CHECK(truncated.error().code == ErrorCode::invalidInput);
    CHECK_THAT(truncated.error().message, Catch::Contains("truncated"));

    auto empty = capture->nextFrame(1s);
    REQUIRE_FALSE(empty);
    CHECK_THAT(empty.error().message, Catch::Contains("empty"));

    auto frame = capture->nextFrame(1s);
    REQUIRE(frame);
    CHECK(*frame);
    CHECK(script->buffersQueued() == 4);  // every bad frame's buffer went back too
}

TEST_CASE("garbage_in_an_mjpeg_stream_is_a_skipped_frame_not_a_crash") {
    auto script = std::make_shared<V4l2Script>();
    script->offer(kPixelMjpeg, kWebcamSizes);
    auto capture = startCapture(script);
    script->frame({0xFF, 0xD8, 0x00, 0x01, 0x02}).frame(test::toMjpeg(test::blankScene()));
    auto bad = capture->nextFrame(1s);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == ErrorCode::invalidInput);
    auto good = capture->nextFrame(1s);
    REQUIRE(good);
    CHECK(*good);
}

TEST_CASE("unplugging_mid_stream_is_unavailable_and_a_replug_streams_again") {
    auto script = std::make_shared<V4l2Script>();
    script->offer(kPixelYuyv, kWebcamSizes);
    auto capture = startCapture(script);
    const auto frameBytes = test::toYuyv(test::blankScene());
    script->frame(frameBytes).unplug();
    auto first = capture->nextFrame(1s);
    REQUIRE(first);
    REQUIRE(*first);
    auto gone = capture->nextFrame(1s);
    REQUIRE_FALSE(gone);
    CHECK(gone.error().code == ErrorCode::unavailable);
    capture.reset();  // tearing down a capture whose camera is gone is quiet

    CHECK_FALSE(ScriptedV4l2Device::open(script));
    script->replug();
    auto again = startCapture(script);
    script->frame(frameBytes);
    auto frame = again->nextFrame(1s);
    REQUIRE(frame);
    CHECK(*frame);
}

TEST_CASE("stopping_a_capture_stops_the_stream_and_frees_the_buffers") {
    auto script = std::make_shared<V4l2Script>();
    script->offer(kPixelYuyv, kWebcamSizes);
    auto capture = startCapture(script);
    REQUIRE(script->streaming());
    capture.reset();
    CHECK_FALSE(script->streaming());
    CHECK(script->buffersGranted() == 0);
}
