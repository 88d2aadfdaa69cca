// The handwriting keyboard of a text answer: the candidate characters to tap, the writing pad ("hand.pad"),
// 删除 (the last stroke, or the answer's last character when the pad is empty), 清空 (the ink, or the answer
// when the pad is empty) and the switches to the other keyboards ("panel.*"). Draws from UiState; the Ui
// captures the strokes.
#pragma once

#include "screens/frame_builder.h"

namespace yimen::screens {

// Returns the height used.
int handwritingKeyboard(FrameBuilder& b, Rect area, const FieldSpec& field, const std::string& draft);

// The height handwritingKeyboard needs at `width`.
int handwritingKeyboardHeight(FrameBuilder& b, int width);

}  // namespace yimen::screens
