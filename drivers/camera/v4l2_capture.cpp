// V4L2 capture: negotiation (YUYV first), mmap streaming, and each frame copied out before its buffer goes
// back.
#include "drivers/camera/v4l2_capture.h"

#include <algorithm>
#include <cstdlib>

namespace yimen::drivers::camera {
namespace {

std::string sizeText(std::uint32_t width, std::uint32_t height) {
    return std::to_string(width) + "x" + std::to_string(height);
}

bool isJpeg(std::uint32_t code) {
    return code == kPixelMjpeg || code == kPixelJpeg;
}

// What the driver answered must describe frames we can read.
Status checkFormat(const V4l2Format& format, std::uint32_t asked) {
    if (format.code != asked) {
        return fail(ErrorCode::invalidInput, "the driver switched the format from " + fourccName(asked) +
                                                 " to " + fourccName(format.code));
    }
    if (format.width == 0 || format.height == 0 ||
        std::uint64_t{format.width} * format.height > kMaxFramePixels) {
        return fail(ErrorCode::invalidInput,
                    "the driver chose an impossible size " + sizeText(format.width, format.height));
    }
    if (format.code == kPixelYuyv && format.width % 2 != 0) {
        return fail(ErrorCode::invalidInput, "YUYV at an odd width " + std::to_string(format.width));
    }
    return {};
}

}  // namespace

Expected<std::uint32_t> choosePixelFormat(const std::vector<V4l2PixelFormat>& offered) {
    for (const std::uint32_t preferred : {kPixelYuyv, kPixelMjpeg, kPixelJpeg}) {
        const bool found = std::any_of(offered.begin(), offered.end(),
                                       [&](const V4l2PixelFormat& f) { return f.code == preferred; });
        if (found) {
            return preferred;
        }
    }
    std::string names;
    for (const V4l2PixelFormat& format : offered) {
        names += (names.empty() ? "" : ", ") + fourccName(format.code);
    }
    return fail(ErrorCode::invalidInput, "the camera offers " +
                                             (names.empty() ? std::string("no format") : names) +
                                             "; YUYV or MJPEG is needed");
}

V4l2FrameSize chooseFrameSize(const std::vector<V4l2FrameSize>& offered, V4l2FrameSize wanted) {
    if (offered.empty()) {
        return wanted;
    }
    const auto wantedArea = static_cast<std::int64_t>(std::uint64_t{wanted.width} * wanted.height);
    V4l2FrameSize best = offered.front();
    for (const V4l2FrameSize& size : offered) {
        const auto area = static_cast<std::int64_t>(std::uint64_t{size.width} * size.height);
        const auto bestArea = static_cast<std::int64_t>(std::uint64_t{best.width} * best.height);
        const auto distance = std::llabs(area - wantedArea);
        const auto bestDistance = std::llabs(bestArea - wantedArea);
        if (distance < bestDistance || (distance == bestDistance && area > bestArea)) {
            best = size;
        }
    }
    return best;
}

Expected<std::unique_ptr<V4l2Capture>> V4l2Capture::start(std::unique_ptr<V4l2Device> device,
                                                          CaptureOptions options) {
    const std::string name = device->describe();
    auto caps = device->queryCapability();
    if (!caps) {
        return fail(caps.error().withContext("querying " + name));
    }
    if (!caps->videoCapture || !caps->streaming) {
        return fail(ErrorCode::invalidInput,
                    name + " (" + caps->card + ") is not a streaming video capture device");
    }
    auto offered = device->pixelFormats();
    if (!offered) {
        return fail(offered.error().withContext("listing the formats of " + name));
    }
    auto code = choosePixelFormat(*offered);
    if (!code) {
        return fail(code.error().withContext(name));
    }
    auto sizes = device->frameSizes(*code);
    if (!sizes) {
        return fail(sizes.error().withContext("listing the frame sizes of " + name));
    }
    const V4l2FrameSize size = chooseFrameSize(*sizes, {options.width, options.height});
    V4l2Format wanted;
    wanted.code = *code;
    wanted.width = size.width;
    wanted.height = size.height;
    auto format = device->setFormat(wanted);
    if (!format) {
        return fail(format.error().withContext("setting " + fourccName(*code) + " " +
                                               sizeText(size.width, size.height) + " on " + name));
    }
    if (auto ok = checkFormat(*format, *code); !ok) {
        return fail(ok.error().withContext(name));
    }
    if (format->code == kPixelYuyv && format->bytesPerLine < format->width * 2) {
        format->bytesPerLine = format->width * 2;  // drivers that leave it 0 pack the lines
    }
    std::unique_ptr<JpegCodec> codec;
    if (isJpeg(format->code)) {
        auto created = JpegCodec::create();
        if (!created) {
            return fail(created.error());
        }
        codec = std::move(*created);
    }
    std::unique_ptr<V4l2Capture> capture(
        new V4l2Capture(std::move(device), *caps, *format, std::move(codec)));
    if (auto ok = capture->startStreaming(options.buffers); !ok) {
        return fail(ok.error().withContext("starting " + name));
    }
    return capture;
}

V4l2Capture::V4l2Capture(std::unique_ptr<V4l2Device> device, V4l2Capability caps, V4l2Format format,
                         std::unique_ptr<JpegCodec> codec)
    : device_(std::move(device)), caps_(std::move(caps)), format_(format), codec_(std::move(codec)) {}

V4l2Capture::~V4l2Capture() {
    if (streaming_) {
        (void)device_->streamOff();
    }
    if (!buffers_.empty()) {
        buffers_.clear();
        (void)device_->requestBuffers(0);
    }
}

Status V4l2Capture::startStreaming(std::uint32_t wantedBuffers) {
    auto granted = device_->requestBuffers(std::max<std::uint32_t>(wantedBuffers, 2));
    if (!granted) {
        return fail(granted.error().withContext("requesting buffers"));
    }
    if (*granted < 2) {
        (void)device_->requestBuffers(0);
        return fail(ErrorCode::io,
                    "the driver granted " + std::to_string(*granted) + " buffers; 2 are needed");
    }
    for (std::uint32_t index = 0; index < *granted; ++index) {
        auto mapped = device_->mapBuffer(index);
        if (!mapped) {
            return fail(mapped.error().withContext("mapping buffer " + std::to_string(index)));
        }
        buffers_.push_back(*mapped);
        if (auto queued = device_->queueBuffer(index); !queued) {
            return fail(queued.error().withContext("queueing buffer " + std::to_string(index)));
        }
    }
    if (auto on = device_->streamOn(); !on) {
        return fail(on.error());
    }
    streaming_ = true;
    return {};
}

std::string V4l2Capture::describe() const {
    return fourccName(format_.code) + " " + sizeText(format_.width, format_.height) + " from " +
           device_->describe() + " (" + caps_.card + ")";
}

Expected<GrayImage> V4l2Capture::lumaOf(std::span<const std::uint8_t> payload) {
    if (codec_) {
        return codec_->decodeGray(payload);
    }
    return yuyvLuma(payload, format_.width, format_.height, format_.bytesPerLine);
}

Expected<std::optional<CameraFrame>> V4l2Capture::nextFrame(Timeout timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<Timeout>(deadline - std::chrono::steady_clock::now());
        auto ready = device_->waitReadable(std::max(left, Timeout{0}));
        if (!ready) {
            return fail(ready.error().withContext("waiting for a frame"));
        }
        if (!*ready) {
            return std::optional<CameraFrame>{};
        }
        auto buffer = device_->dequeueBuffer();
        if (!buffer) {
            return fail(buffer.error().withContext("taking a frame"));
        }
        if (!*buffer) {
            if (std::chrono::steady_clock::now() >= deadline) {
                return std::optional<CameraFrame>{};
            }
            continue;  // poll said ready but the buffer was not: wait again
        }
        const V4l2Buffer filled = **buffer;
        if (filled.index >= buffers_.size()) {
            return fail(ErrorCode::io, "the driver returned buffer " + std::to_string(filled.index) + " of " +
                                           std::to_string(buffers_.size()));
        }
        const std::span<const std::uint8_t> memory = buffers_[filled.index];
        CameraFrame frame;
        frame.capturedAt = std::chrono::steady_clock::now();
        frame.pixelFormat = format_.code;
        frame.bytesPerLine = format_.bytesPerLine;
        const bool overlong = filled.bytesUsed > memory.size();
        if (!filled.error && !overlong) {
            frame.payload.assign(memory.begin(),
                                 memory.begin() + static_cast<std::ptrdiff_t>(filled.bytesUsed));
        }
        // The buffer goes back before any decoding, so the driver is never short of one.
        if (auto requeued = device_->queueBuffer(filled.index); !requeued) {
            return fail(
                requeued.error().withContext("giving buffer " + std::to_string(filled.index) + " back"));
        }
        if (filled.error) {
            return fail(ErrorCode::invalidInput, "frame " + std::to_string(filled.sequence) +
                                                     " arrived corrupted (the driver flagged it)");
        }
        if (overlong) {
            return fail(ErrorCode::invalidInput, "frame " + std::to_string(filled.sequence) + " claims " +
                                                     std::to_string(filled.bytesUsed) + " bytes in a " +
                                                     std::to_string(memory.size()) + "-byte buffer");
        }
        if (frame.payload.empty()) {
            return fail(ErrorCode::invalidInput,
                        "frame " + std::to_string(filled.sequence) + " arrived empty");
        }
        auto luma = lumaOf(frame.payload);
        if (!luma) {
            return fail(luma.error().withContext("frame " + std::to_string(filled.sequence)));
        }
        frame.luma = std::move(*luma);
        return std::optional<CameraFrame>{std::move(frame)};
    }
}

}  // namespace yimen::drivers::camera
