// The kiosk's screens: one frame of widgets built from the session's view model and the UI-layer state.
#pragma once

#include "kiosk/core/session_state.h"
#include "screens/frame_builder.h"
#include "screens/text_measure.h"
#include "screens/theme.h"
#include "screens/widget.h"

namespace yimen::screens {

// Builds the frame for `state`: the screen of state.screen, then the toast and the idle-countdown dialog over
// it. Reads only the view model; every touch target carries the event (or UI command) a tap on it means. Pure
// apart from text measurement; the UI thread.
Frame buildFrame(const kiosk::SessionState& state, const Theme& theme, TextMeasure& measure,
                 const UiState& ui, const UiConfig& config);

}  // namespace yimen::screens
