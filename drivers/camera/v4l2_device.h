// The seam under V4L2: the few ioctls a capture needs, shared by the kernel backend and the scripted fake.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/error.h"

namespace yimen::drivers::camera {

using Timeout = std::chrono::milliseconds;

// A V4L2 pixel format code: four characters, the first in the lowest byte.
constexpr std::uint32_t fourcc(char a, char b, char c, char d) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(a)) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b)) << 8 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(c)) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(d)) << 24;
}
inline constexpr std::uint32_t kPixelYuyv = fourcc('Y', 'U', 'Y', 'V');
inline constexpr std::uint32_t kPixelMjpeg = fourcc('M', 'J', 'P', 'G');
inline constexpr std::uint32_t kPixelJpeg = fourcc('J', 'P', 'E', 'G');

// "YUYV"; unprintable bytes as '?'.
std::string fourccName(std::uint32_t code);

struct V4l2Capability {
    std::string driver;   // "uvcvideo"
    std::string card;     // the camera's name
    std::string busInfo;  // "usb-0000:00:14.0-2"
    bool videoCapture = false;
    bool streaming = false;
};

struct V4l2PixelFormat {
    std::uint32_t code = 0;
    std::string description;
    bool compressed = false;
};

struct V4l2FrameSize {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    friend bool operator==(const V4l2FrameSize&, const V4l2FrameSize&) = default;
};

// The single-planar capture format: asked for with setFormat, answered with what the driver chose.
struct V4l2Format {
    std::uint32_t code = 0;
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::uint32_t bytesPerLine = 0;  // 0 for compressed formats
    std::uint32_t imageSize = 0;     // the largest frame the driver will deliver
};

// A buffer the driver filled and handed back.
struct V4l2Buffer {
    std::uint32_t index = 0;
    std::size_t bytesUsed = 0;
    std::uint32_t sequence = 0;  // the driver's frame counter; gaps are dropped frames
    bool error = false;          // the driver marked the data as corrupted
};

// One opened capture device (a /dev/video* node). Not thread-safe: one owner thread, the capture thread.
// No call blocks except waitReadable, and that never longer than its timeout. Errors, the same for every
// backend:
//   unavailable   the device is gone (unplugged): the owner drops it and opens it again later
//   conflict      another program streams from it, or no permission (the message names the udev rule)
//   invalidInput  the driver refused a parameter, or the node is not a V4L2 device
//   io            any other failure
class V4l2Device {
public:
    virtual ~V4l2Device() = default;

    // The node's path, for messages.
    virtual std::string describe() const = 0;

    [[nodiscard]] virtual Expected<V4l2Capability> queryCapability() = 0;             // VIDIOC_QUERYCAP
    [[nodiscard]] virtual Expected<std::vector<V4l2PixelFormat>> pixelFormats() = 0;  // VIDIOC_ENUM_FMT
    // The discrete frame sizes of `code` (VIDIOC_ENUM_FRAMESIZES); empty when the driver takes any size in a
    // range (setFormat then picks the nearest).
    [[nodiscard]] virtual Expected<std::vector<V4l2FrameSize>> frameSizes(std::uint32_t code) = 0;
    // VIDIOC_S_FMT: returns the format the driver chose, which may differ from `wanted`.
    [[nodiscard]] virtual Expected<V4l2Format> setFormat(const V4l2Format& wanted) = 0;
    // VIDIOC_REQBUFS with memory-mapped buffers: returns how many the driver granted. 0 frees them (and
    // unmaps every buffer).
    [[nodiscard]] virtual Expected<std::uint32_t> requestBuffers(std::uint32_t count) = 0;
    // VIDIOC_QUERYBUF and mmap: the buffer's memory, valid until requestBuffers(0) or the device is
    // destroyed.
    [[nodiscard]] virtual Expected<std::span<const std::uint8_t>> mapBuffer(std::uint32_t index) = 0;
    [[nodiscard]] virtual Status queueBuffer(std::uint32_t index) = 0;  // VIDIOC_QBUF
    // VIDIOC_DQBUF without waiting: nullopt when no filled buffer is ready.
    [[nodiscard]] virtual Expected<std::optional<V4l2Buffer>> dequeueBuffer() = 0;
    [[nodiscard]] virtual Status streamOn() = 0;   // VIDIOC_STREAMON
    [[nodiscard]] virtual Status streamOff() = 0;  // VIDIOC_STREAMOFF: every buffer returns to the owner
    // poll() for a filled buffer: true when one is ready, false when `timeout` passed first.
    [[nodiscard]] virtual Expected<bool> waitReadable(Timeout timeout) = 0;
};

// Opens the camera; called again after the device went away, so a replugged camera is found anew.
// Errors: notFound (no such node now), conflict, invalidInput (not a video device), io.
using V4l2Opener = std::function<Expected<std::unique_ptr<V4l2Device>>()>;

}  // namespace yimen::drivers::camera
