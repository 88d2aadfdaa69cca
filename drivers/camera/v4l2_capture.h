// Streaming capture from one V4L2 device: format negotiation, memory-mapped buffers, frames with their luma.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "drivers/camera/camera_frame.h"
#include "drivers/camera/jpeg_codec.h"
#include "drivers/camera/v4l2_device.h"

namespace yimen::drivers::camera {

struct CaptureOptions {
    // The size asked for; the nearest the camera offers is taken.
    std::uint32_t width = 1280;
    std::uint32_t height = 720;
    // Buffers requested; at least 2 must be granted so the driver fills one while we read another.
    std::uint32_t buffers = 4;
};

// YUYV when the camera offers it (no decoding cost, no compression artefacts), else MJPEG, else JPEG.
// Errors: invalidInput naming what the camera offers instead.
[[nodiscard]] Expected<std::uint32_t> choosePixelFormat(const std::vector<V4l2PixelFormat>& offered);
// The offered size nearest to `wanted` by pixel count, the larger one on a tie; `wanted` when the list is
// empty (the driver takes a range of sizes).
V4l2FrameSize chooseFrameSize(const std::vector<V4l2FrameSize>& offered, V4l2FrameSize wanted);

// Owns the device while it streams. Not thread-safe: the capture thread's.
class V4l2Capture {
public:
    // Checks that the device captures and streams, chooses the format and size, maps and queues the buffers
    // and starts streaming. Errors: invalidInput (not a streaming capture device, no usable format, or the
    // driver answered an impossible format), io (too few buffers), and the device's own (unavailable,
    // conflict, io), each with what was being done.
    [[nodiscard]] static Expected<std::unique_ptr<V4l2Capture>> start(std::unique_ptr<V4l2Device> device,
                                                                      CaptureOptions options = {});
    // Stops streaming and frees the buffers; errors are ignored (the camera may be gone).
    ~V4l2Capture();
    V4l2Capture(const V4l2Capture&) = delete;
    V4l2Capture& operator=(const V4l2Capture&) = delete;

    const V4l2Format& format() const { return format_; }
    // "YUYV 1280x720 from /dev/video0 (HD Webcam)".
    std::string describe() const;

    // Waits up to `timeout` for the next frame, copies it out, gives the buffer back to the driver and
    // extracts the luma. nullopt when no frame came in time. Errors: unavailable (the camera was unplugged:
    // drop this capture), invalidInput (a corrupted or truncated frame: skip it, the next call goes on), io.
    [[nodiscard]] Expected<std::optional<CameraFrame>> nextFrame(Timeout timeout);

private:
    V4l2Capture(std::unique_ptr<V4l2Device> device, V4l2Capability caps, V4l2Format format,
                std::unique_ptr<JpegCodec> codec);
    Status startStreaming(std::uint32_t wantedBuffers);
    Expected<GrayImage> lumaOf(std::span<const std::uint8_t> payload);

    std::unique_ptr<V4l2Device> device_;
    V4l2Capability caps_;
    V4l2Format format_;
    std::unique_ptr<JpegCodec> codec_;  // MJPEG only
    std::vector<std::span<const std::uint8_t>> buffers_;
    bool streaming_ = false;
};

}  // namespace yimen::drivers::camera
