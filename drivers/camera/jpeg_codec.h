// JPEG decoding (MJPEG camera frames) and encoding (captured pages, test frames) with libjpeg-turbo.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "common/error.h"
#include "drivers/camera/camera_frame.h"

namespace yimen::drivers::camera {

// Holds a libjpeg-turbo decompressor and compressor. Not thread-safe: one per thread.
// Frames from webcams often omit the Huffman tables (MJPEG); the standard tables are used then. Corruption
// libjpeg-turbo can recover from (extraneous bytes, a premature end filled in grey) still yields an image,
// as every capture program shows such frames; anything else is invalidInput. Images larger than
// kMaxFramePixels are refused from the header, before decoding.
class JpegCodec {
public:
    // Errors: internal when libjpeg-turbo cannot allocate its handles.
    [[nodiscard]] static Expected<std::unique_ptr<JpegCodec>> create();
    ~JpegCodec();
    JpegCodec(const JpegCodec&) = delete;
    JpegCodec& operator=(const JpegCodec&) = delete;

    // The width and height a JPEG declares, read from its header alone. Errors: invalidInput (not a JPEG, a
    // broken header, or larger than kMaxFramePixels).
    [[nodiscard]] Expected<std::pair<std::uint32_t, std::uint32_t>> dimensions(
        std::span<const std::uint8_t> jpeg);

    // The luma of a JPEG (colour images are converted). Tuned for speed (fast IDCT and upsampling).
    [[nodiscard]] Expected<GrayImage> decodeGray(std::span<const std::uint8_t> jpeg);
    [[nodiscard]] Expected<RgbImage> decodeRgb(std::span<const std::uint8_t> jpeg);

    // Baseline JPEG; quality 1..100. Errors: invalidInput (empty image, pixel count not width × height ×
    // channels, quality out of range), internal (the encoder failed).
    [[nodiscard]] Expected<std::vector<std::uint8_t>> encodeGray(const GrayImage& image, int quality);
    [[nodiscard]] Expected<std::vector<std::uint8_t>> encodeRgb(const RgbImage& image, int quality);

private:
    JpegCodec(void* decoder, void* encoder);
    Expected<std::vector<std::uint8_t>> encode(const std::uint8_t* pixels, std::uint32_t width,
                                               std::uint32_t height, int pixelFormat, int subsampling,
                                               int quality);
    Status decode(std::span<const std::uint8_t> jpeg, std::uint8_t* out, std::uint32_t width,
                  std::uint32_t height, int pixelFormat, int flags);

    void* decoder_;
    void* encoder_;
};

}  // namespace yimen::drivers::camera
