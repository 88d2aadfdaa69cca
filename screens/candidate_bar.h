// The row (two in portrait) of candidate characters above the Chinese keyboards, with 前一组 and 更多.
#pragma once

#include <string>

#include "screens/frame_builder.h"

namespace yimen::screens {

// The height of the bar in this orientation.
int candidateBarHeight(const Theme& t);

// Draws UiState::candidates into `bar`: "ime.candidate.<n>" (n counted over all candidates, so the first is
// always ime.candidate.0), "ime.earlier" and "ime.more"; or `prompt` ("ime.prompt") when there are none.
void candidateBar(FrameBuilder& b, Rect bar, const std::string& prompt);

}  // namespace yimen::screens
