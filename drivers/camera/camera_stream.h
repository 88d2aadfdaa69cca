// The camera's capture thread: opens the camera (again after an unplug), streams frames into a LatestFrame
// and reports the camera's condition.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/error.h"
#include "common/worker.h"
#include "drivers/camera/latest_frame.h"
#include "drivers/camera/v4l2_capture.h"
#include "drivers/camera/v4l2_device.h"

namespace yimen::drivers::camera {

struct CameraStreamOptions {
    CaptureOptions capture;
    // No frame for this long: the camera is reported (timeout) and opened afresh, which revives a stuck UVC
    // camera.
    Timeout frameTimeout{3000};
    // Between attempts to open a camera that is absent or failed; reconnectNow() cuts the wait short.
    Timeout retryInterval{1000};
    // This many corrupted frames in a row make the camera degraded (single bad frames are only skipped).
    int badFramesBeforeDegraded = 10;
    // Whether the camera is opened at construction; false: only after setActive(true).
    bool startActive = true;
};

// The camera's condition as it changes: an ok Status once frames arrive, else the error (unavailable or
// notFound: the camera is absent; timeout, invalidInput, conflict, io: it is there but degraded). Called on
// the capture thread, only when the condition changes; it must only post.
using CameraStatusCallback = std::function<void(const Status&)>;

// Starts its thread at construction (opening the camera unless options.startActive is false); the destructor
// stops it within about 100 ms (one wait slice) plus one
// frame's decoding. frames() may be read from any thread; the rest is thread-safe too.
class CameraStream {
public:
    CameraStream(V4l2Opener opener, CameraStreamOptions options = {}, CameraStatusCallback onStatus = {});
    ~CameraStream();
    CameraStream(const CameraStream&) = delete;
    CameraStream& operator=(const CameraStream&) = delete;

    // The latest frame, for the QR decoder, a preview and page capture. Null while there is no camera.
    LatestFrame& frames() { return frames_; }

    // A camera may have arrived (hot-plug): try to open it now rather than after the retry interval.
    void reconnectNow();

    // Whether someone wants frames. Inactive, the camera is closed (its light goes off, nothing is captured)
    // within one wait slice, and frames() holds no frame; active again, it is opened at once. Any thread.
    void setActive(bool active);
    bool active() const;

    // The last condition reported (ok before the first report too: nothing is known to be wrong yet).
    Status status() const;
    // What streams ("YUYV 1280x720 from /dev/video0 (HD Webcam)"), or why nothing does.
    std::string describe() const;

private:
    void run(StopToken& stop);
    void report(Status status);

    const V4l2Opener opener_;
    const CameraStreamOptions options_;
    const CameraStatusCallback onStatus_;
    LatestFrame frames_;
    mutable std::mutex mutex_;
    Status status_;
    bool reported_ = false;
    bool active_ = true;
    std::string description_ = "camera not opened yet";
    Worker worker_{"camera"};
};

}  // namespace yimen::drivers::camera
