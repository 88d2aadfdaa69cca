// Code de-duplication across frames by counting the frames a code has been missing from.
#include "drivers/camera/qr_deduplicator.h"

#include <algorithm>

namespace yimen::drivers::camera {

QrDeduplicator::QrDeduplicator(int forgetAfterFrames) : forgetAfterFrames_(std::max(forgetAfterFrames, 1)) {}

std::vector<std::string> QrDeduplicator::observe(const std::vector<std::string>& codes) {
    for (auto& [code, missed] : missedFrames_) {
        ++missed;
    }
    std::vector<std::string> fresh;
    for (const std::string& code : codes) {
        auto [it, inserted] = missedFrames_.try_emplace(code, 0);
        if (inserted) {
            fresh.push_back(code);
        }
        it->second = 0;
    }
    std::erase_if(missedFrames_, [&](const auto& entry) { return entry.second >= forgetAfterFrames_; });
    return fresh;
}

void QrDeduplicator::reset() {
    missedFrames_.clear();
}

}  // namespace yimen::drivers::camera
