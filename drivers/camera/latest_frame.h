// The latest camera frame, shared by the capture thread (which publishes) and its readers (the QR decoder,
// a preview screen, a page capture), each with its own pace.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>

#include "drivers/camera/camera_frame.h"

namespace yimen::drivers::camera {

// Thread-safe. Holds only the newest frame: a slow reader skips frames, it never queues them. Frames are
// immutable and shared, so a reader may keep one as long as it likes (a captured page).
class LatestFrame {
public:
    struct Snapshot {
        std::shared_ptr<const CameraFrame> frame;  // null when there is none (no camera, or it went away)
        std::uint64_t sequence = 0;                // of `frame`; 0 when there is none
    };

    // Capture thread: makes `frame` the latest, numbering it after every frame published before (1, 2, …;
    // the numbers keep counting across clear()). Returns its number and wakes every waiting reader.
    std::uint64_t publish(CameraFrame frame);
    // Capture thread: there is no current frame (the camera went away). Readers see a null frame.
    void clear();
    // Wakes every waiting reader and makes every later wait return at once (shutting down).
    void close();

    // Any thread.
    Snapshot latest() const;
    // The latest frame once it is newer than `after`; waits up to `timeout` for it. An empty snapshot when
    // none came in time or the slot is closed.
    Snapshot waitNewer(std::uint64_t after, std::chrono::milliseconds timeout) const;
    // How many frames were ever published.
    std::uint64_t published() const;

private:
    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    std::shared_ptr<const CameraFrame> frame_;
    std::uint64_t lastSequence_ = 0;
    bool closed_ = false;
};

}  // namespace yimen::drivers::camera
