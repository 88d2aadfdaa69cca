// The capture loop: open, stream in short slices (so stopping is prompt), drop and reopen on failures.
#include "drivers/camera/camera_stream.h"

#include "common/log.h"

namespace yimen::drivers::camera {
namespace {

constexpr Timeout kSlice{100};

bool sameCondition(const Status& a, const Status& b) {
    if (a.hasValue() || b.hasValue()) {
        return a.hasValue() == b.hasValue();
    }
    return a.error().code == b.error().code && a.error().message == b.error().message;
}

}  // namespace

CameraStream::CameraStream(V4l2Opener opener, CameraStreamOptions options, CameraStatusCallback onStatus)
    : opener_(std::move(opener)),
      options_(options),
      onStatus_(std::move(onStatus)),
      active_(options.startActive) {
    worker_.start([this](StopToken& stop) { run(stop); });
}

CameraStream::~CameraStream() {
    worker_.stop();
    frames_.close();
}

void CameraStream::reconnectNow() {
    worker_.wake();
}

void CameraStream::setActive(bool active) {
    {
        std::lock_guard lock(mutex_);
        active_ = active;
    }
    worker_.wake();
}

bool CameraStream::active() const {
    std::lock_guard lock(mutex_);
    return active_;
}

Status CameraStream::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

std::string CameraStream::describe() const {
    std::lock_guard lock(mutex_);
    return description_;
}

void CameraStream::report(Status status) {
    {
        std::lock_guard lock(mutex_);
        if (reported_ && sameCondition(status, status_)) {
            return;
        }
        reported_ = true;
        status_ = status;
        if (!status) {
            description_ = status.error().message;
        }
    }
    if (status) {
        log::info("camera", "streaming");
    } else {
        log::warn("camera", status.error().describe());
    }
    if (onStatus_) {
        onStatus_(status);
    }
}

void CameraStream::run(StopToken& stop) {
    // The pause between attempts; reconnectNow() ends it early, stop() ends the loop.
    const auto waitBeforeRetry = [&] { (void)stop.waitFor(options_.retryInterval); };
    std::unique_ptr<V4l2Capture> capture;
    Timeout silentFor{0};
    int badFrames = 0;
    while (!stop.stopRequested()) {
        if (!active()) {
            if (capture) {
                // Nothing of the last picture outlives the camera.
                frames_.clear();
                {
                    std::lock_guard lock(mutex_);
                    description_ = "camera closed until a screen wants it";
                }
                capture.reset();
                log::info("camera", "closed: no screen wants it");
            }
            (void)stop.waitFor(std::chrono::hours(24));  // setActive(true) or stop() wakes it
            continue;
        }
        if (!capture) {
            auto device = opener_ ? opener_()
                                  : Expected<std::unique_ptr<V4l2Device>>(
                                        fail(ErrorCode::notFound, "no camera configured"));
            if (!device) {
                report(device.error());
                waitBeforeRetry();
                continue;
            }
            auto started = V4l2Capture::start(std::move(*device), options_.capture);
            if (!started) {
                report(started.error());
                waitBeforeRetry();
                continue;
            }
            capture = std::move(*started);
            silentFor = Timeout{0};
            badFrames = 0;
            std::lock_guard lock(mutex_);
            description_ = capture->describe();
        }
        auto frame = capture->nextFrame(kSlice);
        if (!frame) {
            if (frame.error().code == ErrorCode::invalidInput) {
                if (++badFrames >= options_.badFramesBeforeDegraded) {
                    report(Error{ErrorCode::invalidInput,
                                 std::to_string(badFrames) +
                                     " corrupted frames in a row, the last: " + frame.error().message});
                }
                continue;
            }
            capture.reset();
            frames_.clear();
            report(frame.error());
            waitBeforeRetry();
            continue;
        }
        if (!*frame) {
            silentFor += kSlice;
            if (silentFor >= options_.frameTimeout) {
                const std::string what = capture->describe();
                capture.reset();
                frames_.clear();
                report(Error{ErrorCode::timeout,
                             "no frame for " + std::to_string(silentFor.count()) + " ms from " + what});
            }
            continue;
        }
        silentFor = Timeout{0};
        badFrames = 0;
        frames_.publish(std::move(**frame));
        report(Status{});
        std::lock_guard lock(mutex_);
        description_ = capture->describe();
    }
}

}  // namespace yimen::drivers::camera
