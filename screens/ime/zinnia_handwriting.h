// Handwriting through Zinnia with Debian's Tegaki Simplified Chinese model (the 6,763 characters of GB 2312).
#pragma once

#include <memory>
#include <string>

#include "screens/handwriting.h"

namespace yimen::screens {

class ZinniaHandwriting final : public HandwritingRecognizer {
public:
    static constexpr const char* kDefaultModel = "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model";

    // Loads the model (memory-mapped, a few ms). Errors: notFound (no such file; Debian package
    // tegaki-zinnia-simplified-chinese), invalidInput (not a Zinnia model).
    [[nodiscard]] static Expected<std::unique_ptr<ZinniaHandwriting>> open(const std::string& modelPath);
    ~ZinniaHandwriting() override;
    ZinniaHandwriting(const ZinniaHandwriting&) = delete;
    ZinniaHandwriting& operator=(const ZinniaHandwriting&) = delete;

    [[nodiscard]] Expected<std::vector<std::string>> recognize(const Ink& ink, std::size_t count) override;

    // The most points of one stroke, and strokes of one character, passed to the model; more are dropped
    // (a finger resting on the pad must not cost seconds).
    static constexpr std::size_t kMaxPoints = 512;
    static constexpr std::size_t kMaxStrokes = 40;

private:
    struct Handles;
    explicit ZinniaHandwriting(std::unique_ptr<Handles> handles);
    std::unique_ptr<Handles> handles_;
};

}  // namespace yimen::screens
