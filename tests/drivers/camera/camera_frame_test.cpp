// Tests for drivers/camera/camera_frame: YUYV unpacking, colour conversion and the frame's colour image.
#include <catch2/catch.hpp>

#include "drivers/camera/camera_frame.h"
#include "drivers/camera/v4l2_device.h"
#include "qr_frames.h"

using namespace yimen;
using namespace yimen::drivers::camera;

TEST_CASE("yuyv_luma_takes_every_other_byte_of_each_line") {
    // 4x2 pixels, lines padded to 10 bytes.
    const std::vector<std::uint8_t> data{10, 128, 20, 128, 30, 128, 40, 128, 0xEE, 0xEE,
                                         50, 128, 60, 128, 70, 128, 80, 128, 0xEE, 0xEE};
    auto luma = yuyvLuma(data, 4, 2, 10);
    REQUIRE(luma);
    CHECK(luma->width == 4);
    CHECK(luma->height == 2);
    CHECK(luma->pixels == std::vector<std::uint8_t>{10, 20, 30, 40, 50, 60, 70, 80});
}

TEST_CASE("yuyv_frame_without_padding_on_its_last_line_is_accepted") {
    const std::vector<std::uint8_t> data{1, 128, 2, 128, 0, 0, 3, 128, 4, 128};
    auto luma = yuyvLuma(data, 2, 2, 6);
    REQUIRE(luma);
    CHECK(luma->pixels == std::vector<std::uint8_t>{1, 2, 3, 4});
}

TEST_CASE("truncated_yuyv_frame_is_refused_with_the_byte_counts") {
    const std::vector<std::uint8_t> data(1280 * 720 * 2 - 1, 0x80);
    auto luma = yuyvLuma(data, 1280, 720, 2560);
    REQUIRE_FALSE(luma);
    CHECK(luma.error().code == ErrorCode::invalidInput);
    CHECK_THAT(luma.error().message, Catch::Contains("1843199 of 1843200 bytes"));
}

TEST_CASE("yuyv_of_impossible_sizes_is_refused") {
    const std::vector<std::uint8_t> data(64, 0);
    CHECK_FALSE(yuyvLuma(data, 3, 2, 6));  // odd width
    CHECK_FALSE(yuyvLuma(data, 0, 2, 0));  // no pixels
    CHECK_FALSE(yuyvLuma(data, 8, 2, 8));  // line shorter than its pixels
    CHECK_FALSE(yuyvLuma(data, 65536, 65536, 131072));
}

TEST_CASE("neutral_yuyv_converts_to_grey_and_saturated_chroma_to_colour") {
    // Y=126 with neutral chroma is mid-grey; V high is red, U high is blue.
    const std::vector<std::uint8_t> grey{126, 128, 126, 128};
    auto rgb = yuyvToRgb(grey, 2, 1, 4);
    REQUIRE(rgb);
    CHECK(rgb->pixels == std::vector<std::uint8_t>{128, 128, 128, 128, 128, 128});

    const std::vector<std::uint8_t> red{82, 90, 82, 240};
    rgb = yuyvToRgb(red, 2, 1, 4);
    REQUIRE(rgb);
    CHECK(rgb->pixels[0] > 240);
    CHECK(rgb->pixels[1] < 20);
    CHECK(rgb->pixels[2] < 20);
}

TEST_CASE("a_grey_image_survives_the_round_trip_through_yuyv") {
    const GrayImage scene = test::qrScene("HELLO");
    const auto yuyv = grayToYuyv(scene);
    auto luma = yuyvLuma(yuyv, scene.width, scene.height, scene.width * 2);
    REQUIRE(luma);
    CHECK(luma->pixels == scene.pixels);
}

TEST_CASE("a_frame_gives_its_colour_image_whatever_its_payload") {
    const GrayImage scene = test::blankScene(64, 32);
    CameraFrame yuyvFrame;
    yuyvFrame.luma = scene;
    yuyvFrame.pixelFormat = kPixelYuyv;
    yuyvFrame.bytesPerLine = 128;
    yuyvFrame.payload = grayToYuyv(scene);
    auto fromYuyv = toRgb(yuyvFrame);
    REQUIRE(fromYuyv);
    CHECK(fromYuyv->width == 64);
    CHECK(fromYuyv->pixels.size() == 64 * 32 * 3);

    CameraFrame mjpegFrame;
    mjpegFrame.luma = scene;
    mjpegFrame.pixelFormat = kPixelMjpeg;
    mjpegFrame.payload = test::toMjpeg(scene);
    auto fromMjpeg = toRgb(mjpegFrame);
    REQUIRE(fromMjpeg);
    CHECK(fromMjpeg->height == 32);

    mjpegFrame.payload.resize(10);
    CHECK_FALSE(toRgb(mjpegFrame));
}
