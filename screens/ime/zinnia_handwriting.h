// Handwriting through Zinnia with Debian's Tegaki Simplified Chinese model (the 6,763 characters of GB 2312).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "screens/handwriting.h"

namespace yimen::screens {

class ZinniaHandwriting final : public HandwritingRecognizer {
public:
    static constexpr const char* kDefaultModel = "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model";

    // Checks the model file is there; the model itself (26 MB) is loaded at the first recognize(), so a kiosk
    // whose citizens never write starts as fast and stays as small as one without handwriting.
    // Errors: notFound (no such file; Debian package tegaki-zinnia-simplified-chinese), io (not a readable
    // file).
    [[nodiscard]] static Expected<std::unique_ptr<ZinniaHandwriting>> open(const std::string& modelPath);
    ~ZinniaHandwriting() override;
    ZinniaHandwriting(const ZinniaHandwriting&) = delete;
    ZinniaHandwriting& operator=(const ZinniaHandwriting&) = delete;

    // Errors as HandwritingRecognizer::recognize; unavailable also when the model cannot be loaded (not a
    // Zinnia model), then and every time after.
    [[nodiscard]] Expected<std::vector<std::string>> recognize(const Ink& ink, std::size_t count) override;

    // The most points of one stroke, and strokes of one character, passed to the model; more are dropped
    // (a finger resting on the pad must not cost seconds).
    static constexpr std::size_t kMaxPoints = 512;
    static constexpr std::size_t kMaxStrokes = 40;

private:
    struct Handles;
    explicit ZinniaHandwriting(std::string modelPath);
    [[nodiscard]] Status load();

    std::string modelPath_;
    std::unique_ptr<Handles> handles_;  // once loaded
    std::optional<Error> loadError_;
};

}  // namespace yimen::screens
