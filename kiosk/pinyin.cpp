// openPinyin: RimePinyin from PinyinConfig, degrading to no input method.
#include "kiosk/pinyin.h"

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
        log::error("pinyin", "the pinyin keyboard is off, text answers take letters and digits only: " +
                                 ime.error().describe());
        return nullptr;
    }
    return std::move(ime.value());
}

}  // namespace yimen::kiosk
