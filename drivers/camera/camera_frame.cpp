// YUYV unpacking and colour conversion, and a frame's colour image whatever its payload.
#include "drivers/camera/camera_frame.h"

#include <algorithm>
#include <string>

#include "drivers/camera/jpeg_codec.h"
#include "drivers/camera/v4l2_device.h"

namespace yimen::drivers::camera {
namespace {

Status checkYuyv(std::span<const std::uint8_t> data, std::uint32_t width, std::uint32_t height,
                 std::uint32_t bytesPerLine) {
    if (width == 0 || height == 0 || width % 2 != 0) {
        return fail(ErrorCode::invalidInput,
                    "YUYV frame of impossible size " + std::to_string(width) + "x" + std::to_string(height));
    }
    if (std::uint64_t{width} * height > kMaxFramePixels) {
        return fail(ErrorCode::invalidInput,
                    "YUYV frame too large: " + std::to_string(width) + "x" + std::to_string(height));
    }
    if (std::uint64_t{bytesPerLine} < std::uint64_t{width} * 2) {
        return fail(ErrorCode::invalidInput, "YUYV line of " + std::to_string(bytesPerLine) +
                                                 " bytes cannot hold " + std::to_string(width) + " pixels");
    }
    // The last line need not carry its padding.
    const std::uint64_t needed = std::uint64_t{bytesPerLine} * (height - 1) + std::uint64_t{width} * 2;
    if (data.size() < needed) {
        return fail(ErrorCode::invalidInput, "truncated YUYV frame: " + std::to_string(data.size()) + " of " +
                                                 std::to_string(needed) + " bytes");
    }
    return {};
}

std::uint8_t clampByte(int value) {
    return static_cast<std::uint8_t>(std::clamp(value, 0, 255));
}

}  // namespace

Expected<GrayImage> yuyvLuma(std::span<const std::uint8_t> data, std::uint32_t width, std::uint32_t height,
                             std::uint32_t bytesPerLine) {
    if (auto ok = checkYuyv(data, width, height, bytesPerLine); !ok) {
        return fail(ok.error());
    }
    GrayImage image{width, height, std::vector<std::uint8_t>(std::size_t{width} * height)};
    std::uint8_t* out = image.pixels.data();
    for (std::uint32_t y = 0; y < height; ++y) {
        const std::uint8_t* line = data.data() + std::size_t{bytesPerLine} * y;
        for (std::uint32_t x = 0; x < width; ++x) {
            *out++ = line[2 * x];
        }
    }
    return image;
}

Expected<RgbImage> yuyvToRgb(std::span<const std::uint8_t> data, std::uint32_t width, std::uint32_t height,
                             std::uint32_t bytesPerLine) {
    if (auto ok = checkYuyv(data, width, height, bytesPerLine); !ok) {
        return fail(ok.error());
    }
    RgbImage image{width, height, std::vector<std::uint8_t>(std::size_t{width} * height * 3)};
    std::uint8_t* out = image.pixels.data();
    for (std::uint32_t y = 0; y < height; ++y) {
        const std::uint8_t* line = data.data() + std::size_t{bytesPerLine} * y;
        for (std::uint32_t x = 0; x < width; x += 2) {
            const std::uint8_t* pair = line + 2 * x;
            const int d = pair[1] - 128;
            const int e = pair[3] - 128;
            for (int k = 0; k < 2; ++k) {
                const int c = 298 * (pair[2 * k] - 16);
                *out++ = clampByte((c + 409 * e + 128) >> 8);
                *out++ = clampByte((c - 100 * d - 208 * e + 128) >> 8);
                *out++ = clampByte((c + 516 * d + 128) >> 8);
            }
        }
    }
    return image;
}

std::vector<std::uint8_t> grayToYuyv(const GrayImage& image) {
    std::vector<std::uint8_t> out;
    out.reserve(image.pixels.size() * 2);
    for (const std::uint8_t luma : image.pixels) {
        out.push_back(luma);
        out.push_back(128);
    }
    return out;
}

Expected<RgbImage> toRgb(const CameraFrame& frame) {
    if (frame.pixelFormat == kPixelYuyv) {
        return yuyvToRgb(frame.payload, frame.luma.width, frame.luma.height, frame.bytesPerLine);
    }
    if (frame.pixelFormat == kPixelMjpeg || frame.pixelFormat == kPixelJpeg) {
        auto codec = JpegCodec::create();
        if (!codec) {
            return fail(codec.error());
        }
        return (*codec)->decodeRgb(frame.payload);
    }
    RgbImage image{frame.luma.width, frame.luma.height, {}};
    image.pixels.reserve(frame.luma.pixels.size() * 3);
    for (const std::uint8_t luma : frame.luma.pixels) {
        image.pixels.insert(image.pixels.end(), 3, luma);
    }
    return image;
}

}  // namespace yimen::drivers::camera
