// The latest-frame slot: one shared frame, a sequence counter, and a condition variable for readers.
#include "drivers/camera/latest_frame.h"

namespace yimen::drivers::camera {

std::uint64_t LatestFrame::publish(CameraFrame frame) {
    std::uint64_t sequence = 0;
    {
        std::lock_guard lock(mutex_);
        sequence = ++lastSequence_;
        frame.sequence = sequence;
        frame_ = std::make_shared<const CameraFrame>(std::move(frame));
    }
    changed_.notify_all();
    return sequence;
}

void LatestFrame::clear() {
    std::lock_guard lock(mutex_);
    frame_.reset();
}

void LatestFrame::close() {
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
    }
    changed_.notify_all();
}

LatestFrame::Snapshot LatestFrame::latest() const {
    std::lock_guard lock(mutex_);
    return frame_ ? Snapshot{frame_, frame_->sequence} : Snapshot{};
}

LatestFrame::Snapshot LatestFrame::waitNewer(std::uint64_t after, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    const bool newer = changed_.wait_for(
        lock, timeout, [&] { return closed_ || (frame_ != nullptr && frame_->sequence > after); });
    if (!newer || closed_) {
        return {};
    }
    return {frame_, frame_->sequence};
}

std::uint64_t LatestFrame::published() const {
    std::lock_guard lock(mutex_);
    return lastSequence_;
}

}  // namespace yimen::drivers::camera
