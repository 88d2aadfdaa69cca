// The Chinese keyboard of a text answer: the spelling so far, a row of candidate characters to tap, the
// letters a-z, 删除, 清空 and the switch to letters and digits. Draws from UiState (the Ui keeps it in step
// with its input method); every key is a UI command the Ui carries out.
#pragma once

#include "screens/frame_builder.h"

namespace yimen::screens {

// Widgets: "ime.spelling" (the spelling, or how to use the keyboard), "ime.candidate.<n>" (n counted over all
// candidates, so the first is always ime.candidate.0), "ime.earlier" and "ime.more" (the groups of
// candidates), "pinyin.a".."pinyin.z", "pinyin.delete" (the last letter, or the last character of the answer
// when nothing is being spelt), "pinyin.clear" (the spelling and the answer), "pinyin.latin" (the letters and
// digits keypad). Returns the height used.
int pinyinKeyboard(FrameBuilder& b, Rect area, const FieldSpec& field, const std::string& draft);

// The height pinyinKeyboard needs at `width`.
int pinyinKeyboardHeight(FrameBuilder& b, int width);

}  // namespace yimen::screens
