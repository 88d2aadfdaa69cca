// Starting the Chinese keyboards' engines (pinyin and handwriting) from the kiosk's configuration.
#pragma once

#include <memory>

#include "kiosk/config.h"
#include "screens/ime/rime_pinyin.h"
#include "screens/ime/zinnia_handwriting.h"

namespace yimen::kiosk {

// Opens the pinyin engine (librime deploys in the background) or, when it is disabled or cannot start, logs
// why and returns null.
std::unique_ptr<screens::RimePinyin> openPinyin(const PinyinConfig& config);

// Loads the handwriting model or, when it is disabled or cannot be loaded, logs why and returns null.
std::unique_ptr<screens::ZinniaHandwriting> openHandwriting(const HandwritingConfig& config);

}  // namespace yimen::kiosk
