// libFuzzer target: camera frames as a driver might deliver them, YUYV of any geometry or MJPEG of any
// content, through luma extraction, colour conversion and QR decoding. Nothing may crash, and every image
// that comes out has the size it claims.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <span>

#include "drivers/camera/camera_frame.h"
#include "drivers/camera/jpeg_codec.h"
#include "drivers/camera/qr_decoder.h"

using namespace yimen::drivers::camera;

namespace {

// Larger images only cost time per input; the size checks are exercised by the header alone.
constexpr std::uint64_t kMaxDecodedPixels = 640 * 480;

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

void decodeQr(const GrayImage& image) {
    static const QrDecoder decoder;
    auto codes = decoder.decode(image);
    check(codes.hasValue());
}

}  // namespace

// Input: one mode byte, then for YUYV three geometry bytes and the frame, for JPEG the image.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 4) {
        return 0;
    }
    const std::uint8_t mode = data[0];
    if ((mode & 1) == 0) {
        const std::uint32_t width = 2 * (1 + data[1] % 128);
        const std::uint32_t height = 1 + data[2] % 128;
        const std::uint32_t bytesPerLine = width * 2 + data[3] % 16;
        const std::span<const std::uint8_t> frame(data + 4, size - 4);
        auto luma = yuyvLuma(frame, width, height, bytesPerLine);
        auto rgb = yuyvToRgb(frame, width, height, bytesPerLine);
        check(luma.hasValue() == rgb.hasValue());
        if (luma) {
            check(luma->pixels.size() == std::size_t{width} * height);
            check(rgb->pixels.size() == std::size_t{width} * height * 3);
            decodeQr(*luma);
        }
        return 0;
    }
    static const std::unique_ptr<JpegCodec> codec = [] {
        auto created = JpegCodec::create();
        check(created.hasValue());
        return std::move(*created);
    }();
    const std::span<const std::uint8_t> jpeg(data + 1, size - 1);
    auto size2d = codec->dimensions(jpeg);
    if (!size2d || std::uint64_t{size2d->first} * size2d->second > kMaxDecodedPixels) {
        return 0;
    }
    auto gray = codec->decodeGray(jpeg);
    if (gray) {
        check(gray->width == size2d->first && gray->height == size2d->second);
        check(gray->pixels.size() == std::size_t{gray->width} * gray->height);
        decodeQr(*gray);
    }
    if ((mode & 2) != 0) {
        auto rgb = codec->decodeRgb(jpeg);
        if (rgb) {
            check(rgb->pixels.size() == std::size_t{rgb->width} * rgb->height * 3);
        }
    }
    return 0;
}
