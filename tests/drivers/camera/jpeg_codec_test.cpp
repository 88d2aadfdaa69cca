// Tests for drivers/camera/jpeg_codec: MJPEG frames as webcams send them, and what bad data does.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "drivers/camera/jpeg_codec.h"
#include "qr_frames.h"

using namespace yimen;
using namespace yimen::drivers::camera;

namespace {

std::unique_ptr<JpegCodec> codec() {
    auto created = JpegCodec::create();
    REQUIRE(created);
    return std::move(*created);
}

// The mean absolute difference per pixel.
double difference(const GrayImage& a, const GrayImage& b) {
    REQUIRE(a.pixels.size() == b.pixels.size());
    double sum = 0;
    for (std::size_t i = 0; i < a.pixels.size(); ++i) {
        sum += std::abs(int{a.pixels[i]} - int{b.pixels[i]});
    }
    return sum / static_cast<double>(a.pixels.size());
}

}  // namespace

TEST_CASE("an_mjpeg_frame_decodes_to_its_luma") {
    const GrayImage scene = test::qrScene("https://yimen.example/r/0001");
    auto luma = codec()->decodeGray(test::toMjpeg(scene, 90));
    REQUIRE(luma);
    CHECK(luma->width == 1280);
    CHECK(luma->height == 720);
    CHECK(difference(*luma, scene) < 4.0);
}

TEST_CASE("an_mjpeg_frame_without_huffman_tables_decodes_with_the_standard_tables") {
    const GrayImage scene = test::blankScene(320, 240);
    const auto full = test::toMjpeg(scene, 85);
    const auto bare = test::withoutHuffmanTables(full);
    REQUIRE(bare.size() < full.size());
    auto jpegCodec = codec();
    auto fromFull = jpegCodec->decodeGray(full);
    auto fromBare = jpegCodec->decodeGray(bare);
    REQUIRE(fromFull);
    REQUIRE(fromBare);
    CHECK(fromBare->pixels == fromFull->pixels);
}

TEST_CASE("bytes_that_are_not_jpeg_are_refused") {
    auto jpegCodec = codec();
    const std::vector<std::uint8_t> garbage{0x00, 0x11, 0x22, 0x33, 0x44};
    auto decoded = jpegCodec->decodeGray(garbage);
    REQUIRE_FALSE(decoded);
    CHECK(decoded.error().code == ErrorCode::invalidInput);
    CHECK_FALSE(jpegCodec->decodeGray({}));
    const std::vector<std::uint8_t> onlyStart{0xFF, 0xD8, 0xFF, 0xD9};
    CHECK_FALSE(jpegCodec->decodeRgb(onlyStart));
}

TEST_CASE("a_jpeg_header_claiming_a_gigantic_image_is_refused_before_decoding") {
    auto jpeg = test::toMjpeg(test::blankScene(16, 16));
    // The SOF0 segment: FF C0 len(2) precision(1) height(2) width(2).
    for (std::size_t i = 2; i + 8 < jpeg.size(); ++i) {
        if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xC0) {
            jpeg[i + 5] = 0xFF;
            jpeg[i + 6] = 0xFF;
            jpeg[i + 7] = 0xFF;
            jpeg[i + 8] = 0xFF;
            break;
        }
    }
    auto decoded = codec()->decodeGray(jpeg);
    REQUIRE_FALSE(decoded);
    CHECK(decoded.error().code == ErrorCode::invalidInput);
}

TEST_CASE("a_cut_off_mjpeg_frame_never_crashes_the_decoder") {
    const auto jpeg = test::toMjpeg(test::blankScene(320, 240));
    auto jpegCodec = codec();
    for (std::size_t cut = 0; cut < jpeg.size(); cut += 97) {
        const std::vector<std::uint8_t> part(jpeg.begin(), jpeg.begin() + static_cast<std::ptrdiff_t>(cut));
        auto decoded = jpegCodec->decodeGray(part);
        if (decoded) {
            CHECK(decoded->pixels.size() == 320u * 240u);
        } else {
            CHECK(decoded.error().code == ErrorCode::invalidInput);
        }
    }
}

TEST_CASE("a_colour_page_encodes_and_decodes_back") {
    RgbImage page{8, 8, std::vector<std::uint8_t>(8 * 8 * 3, 200)};
    auto jpegCodec = codec();
    auto jpeg = jpegCodec->encodeRgb(page, 90);
    REQUIRE(jpeg);
    auto back = jpegCodec->decodeRgb(*jpeg);
    REQUIRE(back);
    CHECK(back->width == 8);
    CHECK(std::abs(int{back->pixels[0]} - 200) <= 2);

    CHECK_FALSE(jpegCodec->encodeRgb(page, 0));
    page.pixels.pop_back();
    CHECK_FALSE(jpegCodec->encodeRgb(page, 90));
}
