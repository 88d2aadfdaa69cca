// Starting the pinyin keyboard's input method from the kiosk's configuration.
#pragma once

#include <memory>

#include "kiosk/config.h"
#include "screens/ime/rime_pinyin.h"

namespace yimen::kiosk {

// Opens the input method (librime deploys in the background) or, when it is disabled or cannot start, logs
// why and returns null: the kiosk then runs with letters and digits for text answers.
std::unique_ptr<screens::RimePinyin> openPinyin(const PinyinConfig& config);

}  // namespace yimen::kiosk
