// A fake V4l2Device that plays scripted frames and faults: for tests and the simulated camera, without a
// camera.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "drivers/camera/v4l2_device.h"

namespace yimen::drivers::camera {

// What one scripted camera offers and the frames it delivers, shared by the test (which writes it and looks
// at it afterwards) and the fake device (which plays it). Thread-safe: a test may add frames and faults while
// a capture thread plays them.
//
// How the fake behaves, as a driver would:
//   setFormat     a code not offered is replaced by the first one offered; the size by the nearest
//                 offered size (by area); YUYV gets bytesPerLine = 2 × width, every format imageSize =
//                 2 × width × height.
//   buffers       at most maxBuffers() are granted; queueing a buffer twice or one never granted is
//                 invalidInput; frames fill queued buffers in queueing order.
//   waitReadable  true when a frame step is next and a buffer is queued; a silence step is consumed and
//                 answers false at once; with nothing scripted it waits (up to the timeout) for more steps,
//                 or, in repeat mode, delivers the scripted frames again every interval. With frames
//                 waiting but no buffer queued it fails with io, as poll() reports POLLERR.
//   frame         bytes longer than the buffer are cut to it (bytesUsed says how much arrived).
//   unplug        from here on every call fails with unavailable, and scriptedOpener() finds no camera until
//                 replug(); a replugged camera is a new device (no format, no buffers, not streaming) and the
//                 devices made before it keep failing with unavailable.
class V4l2Script {
public:
    enum class Call { queryCapability, pixelFormats, setFormat, requestBuffers, streamOn, dequeueBuffer };

    // The defaults: a "uvcvideo" capture device that streams, offering nothing until offer() is called.
    V4l2Script();

    V4l2Script& capability(V4l2Capability caps);
    // Offers `code` at `sizes` (empty: any size).
    V4l2Script& offer(std::uint32_t code, std::vector<V4l2FrameSize> sizes);
    V4l2Script& maxBuffers(std::uint32_t count);
    // The next `call` fails with `error` (once).
    V4l2Script& failNext(Call call, Error error);

    V4l2Script& frame(std::vector<std::uint8_t> bytes);
    // A frame the driver marks as corrupted (V4L2_BUF_FLAG_ERROR).
    V4l2Script& corruptFrame(std::vector<std::uint8_t> bytes);
    V4l2Script& silence();
    V4l2Script& unplug();
    // After the scripted steps, deliver the frames played so far again, one every `interval`, forever.
    V4l2Script& repeat(Timeout interval);
    // Not a step: plugs the camera back in at once (see above); the remaining steps stay.
    void replug();

    // Inspection.
    bool finished() const;  // every step played
    bool streaming() const;
    bool unplugged() const;
    std::optional<V4l2Format> format() const;
    std::uint32_t buffersGranted() const;
    std::size_t buffersQueued() const;
    std::uint64_t framesDelivered() const;
    // How many devices have been made over this script (see ScriptedV4l2Device).
    int opens() const;

    // The fake device's side; see ScriptedV4l2Device. `generation` is the one open() returned.
    Expected<int> open();
    Expected<V4l2Capability> playQueryCapability(int generation);
    Expected<std::vector<V4l2PixelFormat>> playPixelFormats(int generation);
    Expected<std::vector<V4l2FrameSize>> playFrameSizes(int generation, std::uint32_t code);
    Expected<V4l2Format> playSetFormat(int generation, const V4l2Format& wanted);
    Expected<std::uint32_t> playRequestBuffers(int generation, std::uint32_t count);
    Expected<std::span<const std::uint8_t>> playMapBuffer(int generation, std::uint32_t index);
    Status playQueueBuffer(int generation, std::uint32_t index);
    Expected<std::optional<V4l2Buffer>> playDequeueBuffer(int generation);
    Status playStreamOn(int generation);
    Status playStreamOff(int generation);
    Expected<bool> playWaitReadable(int generation, Timeout timeout);

private:
    enum class StepKind { frame, corruptFrame, silence, unplug };
    struct Step {
        StepKind kind = StepKind::frame;
        std::vector<std::uint8_t> bytes;
    };
    struct Mode {
        V4l2PixelFormat format;
        std::vector<V4l2FrameSize> sizes;
    };

    V4l2Script& push(Step step);
    std::optional<Error> takeFailureLocked(Call call);
    // unavailable when `generation` is not the plugged-in device.
    std::optional<Error> goneLocked(int generation) const;
    // The next frame to deliver when it is due now: a frame step at the front, or in repeat mode a repeated
    // frame once its interval has passed.
    bool frameDueLocked(std::chrono::steady_clock::time_point now) const;

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    V4l2Capability caps_;
    std::vector<Mode> modes_;
    std::uint32_t maxBuffers_ = 4;
    std::map<Call, Error> failures_;
    std::deque<Step> steps_;
    std::vector<std::vector<std::uint8_t>> played_;  // frames delivered, for repeat mode
    std::optional<Timeout> repeatInterval_;
    std::size_t repeatNext_ = 0;
    std::chrono::steady_clock::time_point lastDelivery_{};
    std::optional<V4l2Format> format_;
    std::vector<std::vector<std::uint8_t>> buffers_;
    std::vector<std::vector<std::uint8_t>> retired_;  // buffers of earlier requests, kept mapped
    std::deque<std::uint32_t> queued_;
    bool streaming_ = false;
    bool gone_ = false;
    int generation_ = 0;
    std::uint32_t sequence_ = 0;
    std::uint64_t delivered_ = 0;
    int opens_ = 0;
};

// A V4l2Device that plays a V4l2Script. Owns nothing but a share of the script.
class ScriptedV4l2Device final : public V4l2Device {
public:
    // Errors: notFound while the script is unplugged.
    [[nodiscard]] static Expected<std::unique_ptr<ScriptedV4l2Device>> open(
        std::shared_ptr<V4l2Script> script, std::string name = "/dev/video-scripted");

    std::string describe() const override { return name_; }
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
    ScriptedV4l2Device(std::shared_ptr<V4l2Script> script, std::string name, int generation);

    std::shared_ptr<V4l2Script> script_;
    std::string name_;
    int generation_ = 0;
};

// An opener that opens a ScriptedV4l2Device over `script` each time it is called.
V4l2Opener scriptedOpener(std::shared_ptr<V4l2Script> script, std::string name = "/dev/video-scripted");

}  // namespace yimen::drivers::camera
