// A captured camera frame (its luma plane for decoding, its payload for colour) and the pure conversions
// between the formats a camera delivers.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <vector>

#include "common/error.h"

namespace yimen::drivers::camera {

// Frames larger than this (in pixels) are refused before anything is allocated: 8192 × 8192.
inline constexpr std::uint64_t kMaxFramePixels = std::uint64_t{8192} * 8192;

// One byte a pixel, rows top to bottom, no padding.
struct GrayImage {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::vector<std::uint8_t> pixels;
};

// Three bytes a pixel (R, G, B), rows top to bottom, no padding.
struct RgbImage {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::vector<std::uint8_t> pixels;
};

// Immutable once published (LatestFrame hands out shared_ptr<const CameraFrame>).
struct CameraFrame {
    GrayImage luma;                  // what QR decoding reads
    std::uint32_t pixelFormat = 0;   // kPixelYuyv or kPixelMjpeg: what `payload` holds
    std::uint32_t bytesPerLine = 0;  // of a YUYV payload
    std::vector<std::uint8_t> payload;
    std::uint64_t sequence = 0;  // set by LatestFrame::publish: 1, 2, 3, … in publishing order
    std::chrono::steady_clock::time_point capturedAt{};
};

// The Y samples of a packed YUYV (Y0 U Y1 V) image. Errors: invalidInput when the sizes are impossible
// (odd or zero width, bytesPerLine < 2 × width, too large) or `data` is shorter than the image.
[[nodiscard]] Expected<GrayImage> yuyvLuma(std::span<const std::uint8_t> data, std::uint32_t width,
                                           std::uint32_t height, std::uint32_t bytesPerLine);
// The same image in RGB (BT.601, limited range). Errors as yuyvLuma.
[[nodiscard]] Expected<RgbImage> yuyvToRgb(std::span<const std::uint8_t> data, std::uint32_t width,
                                           std::uint32_t height, std::uint32_t bytesPerLine);
// A grey image as YUYV (neutral chroma): for tests and the simulated camera.
[[nodiscard]] std::vector<std::uint8_t> grayToYuyv(const GrayImage& image);

// The frame in colour, for a preview or a captured page: converts YUYV, decodes MJPEG again. Any thread.
// Errors: invalidInput (a payload that does not decode), and a grey image for a frame without payload.
[[nodiscard]] Expected<RgbImage> toRgb(const CameraFrame& frame);

}  // namespace yimen::drivers::camera
