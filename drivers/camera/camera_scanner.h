// The camera as a QR scanner: decodes the latest frames on its own thread and hands out each code once.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/error.h"
#include "common/worker.h"
#include "drivers/camera/camera_stream.h"
#include "drivers/camera/latest_frame.h"
#include "drivers/camera/qr_decoder.h"
#include "drivers/camera/qr_deduplicator.h"
#include "drivers/scanner.h"

namespace yimen::drivers::camera {

struct CameraScannerOptions {
    QrDecodeOptions decode;            // tryHarder stays off for the live path
    int forgetAfterFrames = 8;         // see QrDeduplicator
    std::size_t maxPendingCodes = 32;  // past this many unread codes the oldest is dropped
};

// Decoding runs on the scanner's own thread, never on the caller's (the UI's), and always on the newest
// frame: while one frame is decoded the next ones are skipped, so a slow decode never builds a backlog.
// Frames without a code cost one QR-only pass. The destructor stops the thread within about 100 ms plus one
// decode.
class CameraScanner final : public Scanner {
public:
    // Reads `frames` (borrowed: it must outlive the scanner).
    explicit CameraScanner(LatestFrame& frames, CameraScannerOptions options = {});
    // Reads the stream's frames and keeps the stream alive (`stream` must not be null); nextCode reports the
    // stream's error while the camera is absent or failing.
    explicit CameraScanner(std::shared_ptr<CameraStream> stream, CameraScannerOptions options = {});
    ~CameraScanner() override;
    CameraScanner(const CameraScanner&) = delete;
    CameraScanner& operator=(const CameraScanner&) = delete;

    // The oldest code not yet handed out; waits up to `timeout` for one. nullopt when none came. Errors (at
    // once, when no code is waiting): the stream's condition when the camera is absent (unavailable,
    // notFound) or failing (timeout, invalidInput, conflict, io).
    [[nodiscard]] Expected<std::optional<std::string>> nextCode(std::chrono::milliseconds timeout) override;

    // How many frames have been decoded so far (frames skipped while decoding are not counted).
    std::uint64_t decodedFrames() const;

private:
    void run(StopToken& stop);

    std::shared_ptr<CameraStream> stream_;  // null when reading a borrowed LatestFrame
    LatestFrame& frames_;
    const CameraScannerOptions options_;
    const QrDecoder decoder_;
    mutable std::mutex mutex_;
    std::condition_variable arrived_;  // a code was queued, or the scanner closes
    std::deque<std::string> codes_;
    std::uint64_t decoded_ = 0;
    bool closed_ = false;  // a nextCode() still waiting returns empty
    Worker worker_{"camera-scanner"};
};

}  // namespace yimen::drivers::camera
