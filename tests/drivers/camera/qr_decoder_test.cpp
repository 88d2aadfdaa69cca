// Tests for drivers/camera/qr_decoder: QR codes found in camera-like frames, and nothing where there is none.
#include <catch2/catch.hpp>

#include <algorithm>

#include "drivers/camera/jpeg_codec.h"
#include "drivers/camera/qr_decoder.h"
#include "qr_frames.h"

using namespace yimen;
using namespace yimen::drivers::camera;

TEST_CASE("a_receipt_qr_in_a_720p_frame_is_decoded") {
    const QrDecoder decoder;
    auto codes = decoder.decode(test::qrScene("YM-2025-000123"));
    REQUIRE(codes);
    CHECK(*codes == std::vector<std::string>{"YM-2025-000123"});
}

TEST_CASE("chinese_text_in_a_qr_comes_out_as_utf8") {
    const QrDecoder decoder;
    auto codes = decoder.decode(test::qrScene("一门办事 回执 0001"));
    REQUIRE(codes);
    CHECK(*codes == std::vector<std::string>{"一门办事 回执 0001"});
}

TEST_CASE("a_frame_without_a_code_decodes_to_nothing") {
    const QrDecoder decoder;
    auto codes = decoder.decode(test::blankScene());
    REQUIRE(codes);
    CHECK(codes->empty());
}

TEST_CASE("two_codes_in_one_frame_are_both_found") {
    const QrDecoder decoder;
    auto codes = decoder.decode(test::qrScene({{"LEFT-CODE", 100, 200, 240}, {"RIGHT-CODE", 900, 200, 240}}));
    REQUIRE(codes);
    std::sort(codes->begin(), codes->end());
    CHECK(*codes == std::vector<std::string>{"LEFT-CODE", "RIGHT-CODE"});
}

TEST_CASE("a_qr_survives_mjpeg_compression") {
    auto codec = JpegCodec::create();
    REQUIRE(codec);
    auto luma = (*codec)->decodeGray(test::toMjpeg(test::qrScene("MJPEG-PATH"), 70));
    REQUIRE(luma);
    auto codes = QrDecoder().decode(*luma);
    REQUIRE(codes);
    CHECK(*codes == std::vector<std::string>{"MJPEG-PATH"});
}

TEST_CASE("an_image_whose_size_does_not_match_its_pixels_is_refused") {
    GrayImage image{100, 100, std::vector<std::uint8_t>(99 * 100, 128)};
    auto codes = QrDecoder().decode(image);
    REQUIRE_FALSE(codes);
    CHECK(codes.error().code == ErrorCode::invalidInput);
    CHECK_FALSE(QrDecoder().decode(GrayImage{}));
}
