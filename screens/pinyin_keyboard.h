// The pinyin keyboard of a text answer: the spelling so far, the candidate characters to tap, the letters
// a-z, 删除, 清空 and the switches to the other keyboards. Draws from UiState (the Ui keeps it in step with
// its input method); every key is a UI command the Ui carries out.
#pragma once

#include "screens/frame_builder.h"

namespace yimen::screens {

// Widgets: "ime.spelling" (the spelling), the candidate bar (screens/candidate_bar.h),
// "pinyin.a".."pinyin.z", "pinyin.delete" (the last letter, or the last character of the answer when nothing
// is being spelt), "pinyin.clear" (the spelling, or the answer when nothing is spelt), and the switches to
// the other keyboards
// ("panel.*"). Returns the height used.
int pinyinKeyboard(FrameBuilder& b, Rect area, const FieldSpec& field, const std::string& draft);

// The height pinyinKeyboard needs at `width`.
int pinyinKeyboardHeight(FrameBuilder& b, int width);

}  // namespace yimen::screens
