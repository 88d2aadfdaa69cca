// The kernel backend of the camera seam: V4L2 ioctls and mmap on a /dev/video* node. The only file that
// includes the V4L2 headers.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "drivers/camera/v4l2_device.h"

namespace yimen::drivers::camera {

// Owns the open node and its memory-mapped buffers; the destructor stops streaming, unmaps and closes.
// Not thread-safe (see V4l2Device). Errors are mapped from errno: ENODEV/ENXIO unavailable, EBUSY conflict,
// EACCES/EPERM conflict naming the udev rule, EINVAL/ENOTTY invalidInput, ENOENT notFound, others io.
class LinuxV4l2Device final : public V4l2Device {
public:
    // Opens `path` read-write and non-blocking. Errors: notFound (no such node), conflict (permission),
    // invalidInput (not a V4L2 device: it does not answer VIDIOC_QUERYCAP), io.
    [[nodiscard]] static Expected<std::unique_ptr<LinuxV4l2Device>> open(const std::string& path);
    // An opener for `path`, for CameraStream.
    static V4l2Opener openerFor(std::string path);
    // The video capture nodes under `devDir` (video0, video1, …) that stream single-planar frames, in
    // number order. Nodes that cannot be opened are skipped. For `auto` configuration.
    static std::vector<std::string> captureNodes(const std::string& devDir = "/dev");
    // An opener that opens the first of captureNodes() each time it is called.
    static V4l2Opener firstCaptureNodeOpener(std::string devDir = "/dev");

    ~LinuxV4l2Device() override;
    LinuxV4l2Device(const LinuxV4l2Device&) = delete;
    LinuxV4l2Device& operator=(const LinuxV4l2Device&) = delete;

    std::string describe() const override { return path_; }
    [[nodiscard]] Expected<V4l2Capability> queryCapability() override;
    [[nodiscard]] Expected<std::vector<V4l2PixelFormat>> pixelFormats() override;
    [[nodiscard]] Expected<std::vector<V4l2FrameSize>> frameSizes(std::uint32_t code) override;
    [[nodiscard]] Expected<V4l2Format> setFormat(const V4l2Format& wanted) override;
    [[nodiscard]] Expected<std::uint32_t> requestBuffers(std::uint32_t count) override;
    [[nodiscard]] Expected<std::span<const std::uint8_t>> mapBuffer(std::uint32_t index) override;
    [[nodiscard]] Status queueBuffer(std::uint32_t index) override;
    [[nodiscard]] Expected<std::optional<V4l2Buffer>> dequeueBuffer() override;
    [[nodiscard]] Status streamOn() override;
    [[nodiscard]] Status streamOff() override;
    [[nodiscard]] Expected<bool> waitReadable(Timeout timeout) override;

private:
    LinuxV4l2Device(int fd, std::string path);

    struct Mapping {
        void* address = nullptr;
        std::size_t length = 0;
    };

    Error errnoError(int err, const std::string& what) const;
    void unmapAll();

    int fd_ = -1;
    std::string path_;
    std::vector<Mapping> mappings_;
    bool streaming_ = false;
};

}  // namespace yimen::drivers::camera
