// The decoding thread: newest frame, QR-only decode, de-duplication, a bounded queue of codes.
#include "drivers/camera/camera_scanner.h"

#include "common/log.h"

namespace yimen::drivers::camera {
namespace {

constexpr std::chrono::milliseconds kSlice{100};

}  // namespace

CameraScanner::CameraScanner(LatestFrame& frames, CameraScannerOptions options)
    : frames_(frames), options_(options), decoder_(options.decode) {
    worker_.start([this](StopToken& stop) { run(stop); });
}

CameraScanner::CameraScanner(std::shared_ptr<CameraStream> stream, CameraScannerOptions options)
    : stream_(std::move(stream)), frames_(stream_->frames()), options_(options), decoder_(options.decode) {
    worker_.start([this](StopToken& stop) { run(stop); });
}

CameraScanner::~CameraScanner() {
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
    }
    arrived_.notify_all();
    worker_.stop();
}

Expected<std::optional<std::string>> CameraScanner::nextCode(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (codes_.empty() && stream_) {
        if (Status condition = stream_->status(); !condition) {
            return fail(condition.error());
        }
    }
    if (!arrived_.wait_for(lock, timeout, [this] { return !codes_.empty() || closed_; }) || codes_.empty()) {
        return std::optional<std::string>{};
    }
    std::string code = std::move(codes_.front());
    codes_.pop_front();
    return std::optional<std::string>{std::move(code)};
}

std::uint64_t CameraScanner::decodedFrames() const {
    std::lock_guard lock(mutex_);
    return decoded_;
}

void CameraScanner::run(StopToken& stop) {
    QrDeduplicator deduplicator(options_.forgetAfterFrames);
    std::uint64_t lastSequence = 0;
    bool loggedFailure = false;
    // The wait is on the frame slot, in short slices, so stop() is seen within one slice.
    while (!stop.stopRequested()) {
        const LatestFrame::Snapshot snapshot = frames_.waitNewer(lastSequence, kSlice);
        if (!snapshot.frame) {
            if (!frames_.latest().frame) {
                deduplicator.reset();  // no camera: a code shown after it returns is a new scan
            }
            continue;
        }
        lastSequence = snapshot.sequence;
        auto codes = decoder_.decode(snapshot.frame->luma);
        if (!codes) {
            if (!loggedFailure) {
                log::warn("camera-scanner", codes.error().describe());
                loggedFailure = true;
            }
            continue;
        }
        loggedFailure = false;
        const std::vector<std::string> fresh = deduplicator.observe(*codes);
        {
            std::lock_guard lock(mutex_);
            ++decoded_;
            for (const std::string& code : fresh) {
                codes_.push_back(code);
                if (codes_.size() > options_.maxPendingCodes) {
                    codes_.pop_front();
                }
            }
        }
        if (!fresh.empty()) {
            arrived_.notify_all();
        }
    }
}

}  // namespace yimen::drivers::camera
