// The scripted V4L2 fake: a camera that offers scripted formats and plays frames, silences and unplugs.
#include "drivers/camera/scripted_v4l2_device.h"

#include <algorithm>
#include <cstdlib>

namespace yimen::drivers::camera {
namespace {

constexpr std::uint32_t kMaxSide = 8192;
// Repeat mode cycles through at most this many of the first frames played.
constexpr std::size_t kMaxRepeatedFrames = 16;

std::uint64_t area(const V4l2FrameSize& size) {
    return std::uint64_t{size.width} * size.height;
}

V4l2FrameSize nearestSize(const std::vector<V4l2FrameSize>& sizes, V4l2FrameSize wanted) {
    if (sizes.empty()) {
        return {std::clamp<std::uint32_t>(wanted.width, 1, kMaxSide),
                std::clamp<std::uint32_t>(wanted.height, 1, kMaxSide)};
    }
    const auto wantedArea = static_cast<std::int64_t>(area(wanted));
    return *std::min_element(sizes.begin(), sizes.end(), [&](const V4l2FrameSize& a, const V4l2FrameSize& b) {
        return std::llabs(static_cast<std::int64_t>(area(a)) - wantedArea) <
               std::llabs(static_cast<std::int64_t>(area(b)) - wantedArea);
    });
}

}  // namespace

V4l2Script::V4l2Script() {
    caps_.driver = "uvcvideo";
    caps_.card = "Scripted camera";
    caps_.busInfo = "usb-scripted";
    caps_.videoCapture = true;
    caps_.streaming = true;
}

V4l2Script& V4l2Script::capability(V4l2Capability caps) {
    std::lock_guard lock(mutex_);
    caps_ = std::move(caps);
    return *this;
}

V4l2Script& V4l2Script::offer(std::uint32_t code, std::vector<V4l2FrameSize> sizes) {
    std::lock_guard lock(mutex_);
    const bool compressed = code == kPixelMjpeg || code == kPixelJpeg;
    modes_.push_back({{code, fourccName(code), compressed}, std::move(sizes)});
    return *this;
}

V4l2Script& V4l2Script::maxBuffers(std::uint32_t count) {
    std::lock_guard lock(mutex_);
    maxBuffers_ = count;
    return *this;
}

V4l2Script& V4l2Script::failNext(Call call, Error error) {
    std::lock_guard lock(mutex_);
    failures_.insert_or_assign(call, std::move(error));
    return *this;
}

V4l2Script& V4l2Script::push(Step step) {
    {
        std::lock_guard lock(mutex_);
        steps_.push_back(std::move(step));
    }
    changed_.notify_all();
    return *this;
}

V4l2Script& V4l2Script::frame(std::vector<std::uint8_t> bytes) {
    return push({StepKind::frame, std::move(bytes)});
}

V4l2Script& V4l2Script::corruptFrame(std::vector<std::uint8_t> bytes) {
    return push({StepKind::corruptFrame, std::move(bytes)});
}

V4l2Script& V4l2Script::silence() {
    return push({StepKind::silence, {}});
}

V4l2Script& V4l2Script::unplug() {
    return push({StepKind::unplug, {}});
}

V4l2Script& V4l2Script::repeat(Timeout interval) {
    {
        std::lock_guard lock(mutex_);
        repeatInterval_ = interval;
    }
    changed_.notify_all();
    return *this;
}

void V4l2Script::replug() {
    {
        std::lock_guard lock(mutex_);
        gone_ = false;
        ++generation_;
        format_.reset();
        // The old device's mappings stay readable, as munmap has not happened yet.
        for (auto& buffer : buffers_) {
            retired_.push_back(std::move(buffer));
        }
        buffers_.clear();
        queued_.clear();
        streaming_ = false;
    }
    changed_.notify_all();
}

bool V4l2Script::finished() const {
    std::lock_guard lock(mutex_);
    return steps_.empty();
}

bool V4l2Script::streaming() const {
    std::lock_guard lock(mutex_);
    return streaming_;
}

bool V4l2Script::unplugged() const {
    std::lock_guard lock(mutex_);
    return gone_;
}

std::optional<V4l2Format> V4l2Script::format() const {
    std::lock_guard lock(mutex_);
    return format_;
}

std::uint32_t V4l2Script::buffersGranted() const {
    std::lock_guard lock(mutex_);
    return static_cast<std::uint32_t>(buffers_.size());
}

std::size_t V4l2Script::buffersQueued() const {
    std::lock_guard lock(mutex_);
    return queued_.size();
}

std::uint64_t V4l2Script::framesDelivered() const {
    std::lock_guard lock(mutex_);
    return delivered_;
}

int V4l2Script::opens() const {
    std::lock_guard lock(mutex_);
    return opens_;
}

std::optional<Error> V4l2Script::takeFailureLocked(Call call) {
    auto it = failures_.find(call);
    if (it == failures_.end()) {
        return std::nullopt;
    }
    Error error = std::move(it->second);
    failures_.erase(it);
    return error;
}

std::optional<Error> V4l2Script::goneLocked(int generation) const {
    if (gone_ || generation != generation_) {
        return Error{ErrorCode::unavailable, "camera unplugged"};
    }
    return std::nullopt;
}

bool V4l2Script::frameDueLocked(std::chrono::steady_clock::time_point now) const {
    if (!steps_.empty()) {
        return steps_.front().kind == StepKind::frame || steps_.front().kind == StepKind::corruptFrame;
    }
    return repeatInterval_ && !played_.empty() && now >= lastDelivery_ + *repeatInterval_;
}

Expected<int> V4l2Script::open() {
    std::lock_guard lock(mutex_);
    if (gone_) {
        return fail(ErrorCode::notFound, "no camera plugged in");
    }
    ++opens_;
    return generation_;
}

Expected<V4l2Capability> V4l2Script::playQueryCapability(int generation) {
    std::lock_guard lock(mutex_);
    if (auto gone = goneLocked(generation)) {
        return fail(*gone);
    }
    if (auto failure = takeFailureLocked(Call::queryCapability)) {
        return fail(*failure);
    }
    return caps_;
}

Expected<std::vector<V4l2PixelFormat>> V4l2Script::playPixelFormats(int generation) {
    std::lock_guard lock(mutex_);
    if (auto gone = goneLocked(generation)) {
        return fail(*gone);
    }
    if (auto failure = takeFailureLocked(Call::pixelFormats)) {
        return fail(*failure);
    }
    std::vector<V4l2PixelFormat> formats;
    for (const Mode& mode : modes_) {
        formats.push_back(mode.format);
    }
    return formats;
}

Expected<std::vector<V4l2FrameSize>> V4l2Script::playFrameSizes(int generation, std::uint32_t code) {
    std::lock_guard lock(mutex_);
    if (auto gone = goneLocked(generation)) {
        return fail(*gone);
    }
    for (const Mode& mode : modes_) {
        if (mode.format.code == code) {
            return mode.sizes;
        }
    }
    return fail(ErrorCode::invalidInput, "format " + fourccName(code) + " is not offered");
}

Expected<V4l2Format> V4l2Script::playSetFormat(int generation, const V4l2Format& wanted) {
    std::lock_guard lock(mutex_);
    if (auto gone = goneLocked(generation)) {
        return fail(*gone);
    }
    if (auto failure = takeFailureLocked(Call::setFormat)) {
        return fail(*failure);
    }
    if (streaming_ || !buffers_.empty()) {
        return fail(ErrorCode::conflict, "VIDIOC_S_FMT while buffers are allocated");
    }
    if (modes_.empty()) {
        return fail(ErrorCode::invalidInput, "the camera offers no format");
    }
    auto mode = std::find_if(modes_.begin(), modes_.end(),
                             [&](const Mode& m) { return m.format.code == wanted.code; });
    if (mode == modes_.end()) {
        mode = modes_.begin();
    }
    const V4l2FrameSize size = nearestSize(mode->sizes, {wanted.width, wanted.height});
    V4l2Format chosen;
    chosen.code = mode->format.code;
    chosen.width = size.width;
    chosen.height = size.height;
    chosen.bytesPerLine = mode->format.compressed ? 0 : size.width * 2;
    chosen.imageSize = size.width * size.height * 2;
    format_ = chosen;
    return chosen;
}

Expected<std::uint32_t> V4l2Script::playRequestBuffers(int generation, std::uint32_t count) {
    std::lock_guard lock(mutex_);
    if (auto gone = goneLocked(generation)) {
        return fail(*gone);
    }
    if (auto failure = takeFailureLocked(Call::requestBuffers)) {
        return fail(*failure);
    }
    if (streaming_) {
        return fail(ErrorCode::conflict, "VIDIOC_REQBUFS while streaming");
    }
    if (!format_) {
        return fail(ErrorCode::invalidInput, "VIDIOC_REQBUFS before VIDIOC_S_FMT");
    }
    const std::uint32_t granted = std::min(count, maxBuffers_);
    for (auto& buffer : buffers_) {
        retired_.push_back(std::move(buffer));
    }
    buffers_.assign(granted, std::vector<std::uint8_t>(format_->imageSize));
    queued_.clear();
    return granted;
}

Expected<std::span<const std::uint8_t>> V4l2Script::playMapBuffer(int generation, std::uint32_t index) {
    std::lock_guard lock(mutex_);
    if (auto gone = goneLocked(generation)) {
        return fail(*gone);
    }
    if (index >= buffers_.size()) {
        return fail(ErrorCode::invalidInput, "buffer " + std::to_string(index) + " was not requested");
    }
    return std::span<const std::uint8_t>(buffers_[index]);
}

Status V4l2Script::playQueueBuffer(int generation, std::uint32_t index) {
    {
        std::lock_guard lock(mutex_);
        if (auto gone = goneLocked(generation)) {
            return fail(*gone);
        }
        if (index >= buffers_.size()) {
            return fail(ErrorCode::invalidInput,
                        "VIDIOC_QBUF of buffer " + std::to_string(index) + ", which was not requested");
        }
        if (std::find(queued_.begin(), queued_.end(), index) != queued_.end()) {
            return fail(ErrorCode::invalidInput,
                        "VIDIOC_QBUF of buffer " + std::to_string(index) + ", which is already queued");
        }
        queued_.push_back(index);
    }
    changed_.notify_all();
    return {};
}

Expected<std::optional<V4l2Buffer>> V4l2Script::playDequeueBuffer(int generation) {
    std::lock_guard lock(mutex_);
    if (auto gone = goneLocked(generation)) {
        return fail(*gone);
    }
    if (auto failure = takeFailureLocked(Call::dequeueBuffer)) {
        return fail(*failure);
    }
    if (!streaming_) {
        return fail(ErrorCode::invalidInput, "VIDIOC_DQBUF while not streaming");
    }
    const auto now = std::chrono::steady_clock::now();
    if (queued_.empty() || !frameDueLocked(now)) {
        return std::optional<V4l2Buffer>{};
    }
    std::vector<std::uint8_t> bytes;
    bool corrupted = false;
    if (!steps_.empty()) {
        corrupted = steps_.front().kind == StepKind::corruptFrame;
        bytes = std::move(steps_.front().bytes);
        steps_.pop_front();
        if (!corrupted && played_.size() < kMaxRepeatedFrames) {
            played_.push_back(bytes);
        }
    } else {
        bytes = played_[repeatNext_++ % played_.size()];
    }
    lastDelivery_ = now;
    const std::uint32_t index = queued_.front();
    queued_.pop_front();
    std::vector<std::uint8_t>& buffer = buffers_[index];
    const std::size_t used = std::min(bytes.size(), buffer.size());
    std::copy_n(bytes.begin(), used, buffer.begin());
    ++delivered_;
    return std::optional<V4l2Buffer>{V4l2Buffer{index, used, sequence_++, corrupted}};
}

Status V4l2Script::playStreamOn(int generation) {
    {
        std::lock_guard lock(mutex_);
        if (auto gone = goneLocked(generation)) {
            return fail(*gone);
        }
        if (auto failure = takeFailureLocked(Call::streamOn)) {
            return fail(*failure);
        }
        if (buffers_.empty()) {
            return fail(ErrorCode::invalidInput, "VIDIOC_STREAMON without buffers");
        }
        streaming_ = true;
    }
    changed_.notify_all();
    return {};
}

Status V4l2Script::playStreamOff(int generation) {
    std::lock_guard lock(mutex_);
    if (auto gone = goneLocked(generation)) {
        return fail(*gone);
    }
    streaming_ = false;
    queued_.clear();
    return {};
}

Expected<bool> V4l2Script::playWaitReadable(int generation, Timeout timeout) {
    std::unique_lock lock(mutex_);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (auto gone = goneLocked(generation)) {
            return fail(*gone);
        }
        if (!steps_.empty()) {
            switch (steps_.front().kind) {
            case StepKind::unplug:
                steps_.pop_front();
                gone_ = true;
                changed_.notify_all();
                return fail(ErrorCode::unavailable, "camera unplugged");
            case StepKind::silence: steps_.pop_front(); return false;
            case StepKind::frame:
            case StepKind::corruptFrame: break;
            }
        }
        const auto now = std::chrono::steady_clock::now();
        if (frameDueLocked(now)) {
            if (!streaming_ || queued_.empty()) {
                return fail(ErrorCode::io, "poll reports an error (no buffer queued or not streaming)");
            }
            return true;
        }
        if (now >= deadline) {
            return false;
        }
        auto wakeAt = deadline;
        if (steps_.empty() && repeatInterval_ && !played_.empty()) {
            wakeAt = std::min(wakeAt, lastDelivery_ + *repeatInterval_);
        }
        changed_.wait_until(lock, wakeAt);
    }
}

Expected<std::unique_ptr<ScriptedV4l2Device>> ScriptedV4l2Device::open(std::shared_ptr<V4l2Script> script,
                                                                       std::string name) {
    auto generation = script->open();
    if (!generation) {
        return fail(generation.error().withContext("opening " + name));
    }
    return std::unique_ptr<ScriptedV4l2Device>(
        new ScriptedV4l2Device(std::move(script), std::move(name), *generation));
}

ScriptedV4l2Device::ScriptedV4l2Device(std::shared_ptr<V4l2Script> script, std::string name, int generation)
    : script_(std::move(script)), name_(std::move(name)), generation_(generation) {}

Expected<V4l2Capability> ScriptedV4l2Device::queryCapability() {
    return script_->playQueryCapability(generation_);
}

Expected<std::vector<V4l2PixelFormat>> ScriptedV4l2Device::pixelFormats() {
    return script_->playPixelFormats(generation_);
}

Expected<std::vector<V4l2FrameSize>> ScriptedV4l2Device::frameSizes(std::uint32_t code) {
    return script_->playFrameSizes(generation_, code);
}

Expected<V4l2Format> ScriptedV4l2Device::setFormat(const V4l2Format& wanted) {
    return script_->playSetFormat(generation_, wanted);
}

Expected<std::uint32_t> ScriptedV4l2Device::requestBuffers(std::uint32_t count) {
    return script_->playRequestBuffers(generation_, count);
}

Expected<std::span<const std::uint8_t>> ScriptedV4l2Device::mapBuffer(std::uint32_t index) {
    return script_->playMapBuffer(generation_, index);
}

Status ScriptedV4l2Device::queueBuffer(std::uint32_t index) {
    return script_->playQueueBuffer(generation_, index);
}

Expected<std::optional<V4l2Buffer>> ScriptedV4l2Device::dequeueBuffer() {
    return script_->playDequeueBuffer(generation_);
}

Status ScriptedV4l2Device::streamOn() {
    return script_->playStreamOn(generation_);
}

Status ScriptedV4l2Device::streamOff() {
    return script_->playStreamOff(generation_);
}

Expected<bool> ScriptedV4l2Device::waitReadable(Timeout timeout) {
    return script_->playWaitReadable(generation_, timeout);
}

V4l2Opener scriptedOpener(std::shared_ptr<V4l2Script> script, std::string name) {
    return [script = std::move(script), name = std::move(name)]() -> Expected<std::unique_ptr<V4l2Device>> {
        auto opened = ScriptedV4l2Device::open(script, name);
        if (!opened) {
            return fail(opened.error());
        }
        return std::unique_ptr<V4l2Device>(std::move(*opened));
    };
}

}  // namespace yimen::drivers::camera
