// openPinyin and openHandwriting: the engines from the configuration, degrading to none.
#include "kiosk/chinese_input.h"

#include "common/log.h"

namespace yimen::kiosk {

std::unique_ptr<screens::RimePinyin> openPinyin(const PinyinConfig& config) {
    if (!config.enabled) {
        log::info("pinyin", "the pinyin keyboard is disabled by the configuration");
        return nullptr;
    }
    screens::RimePinyinOptions options;
    options.sharedDataDir = config.sharedDataDir;
    options.userDataDir = config.workDir;
    auto ime = screens::RimePinyin::open(options);
    if (!ime) {
        log::error("pinyin", "the pinyin keyboard is off: " + ime.error().describe());
        return nullptr;
    }
    return std::move(ime.value());
}

std::unique_ptr<screens::ZinniaHandwriting> openHandwriting(const HandwritingConfig& config) {
    if (!config.enabled) {
        log::info("handwriting", "the handwriting keyboard is disabled by the configuration");
        return nullptr;
    }
    auto recognizer = screens::ZinniaHandwriting::open(config.model);
    if (!recognizer) {
        log::error("handwriting", "the handwriting keyboard is off: " + recognizer.error().describe());
        return nullptr;
    }
    return std::move(recognizer.value());
}

}  // namespace yimen::kiosk
