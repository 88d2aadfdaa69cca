// The layout audit: checks a built frame for what would fail a citizen, without drawing a pixel.
#pragma once

#include <string>
#include <vector>

#include "screens/text_measure.h"
#include "screens/theme.h"
#include "screens/widget.h"

namespace yimen::screens {

enum class ProblemKind {
    overflow,     // text wider or taller than its box, or a widget pushed past its area
    smallTarget,  // a touch target smaller than theme.minTarget
    overlap,  // two touch targets closer than theme.targetSpacing, or text colliding with text or a target
    lowContrast,  // text on its background below theme.minContrast
    offScreen,    // a widget outside the screen
};

struct LayoutProblem {
    ProblemKind kind;
    std::string widgetId;
    std::string detail;
};

const char* toString(ProblemKind kind);
std::string describe(const LayoutProblem& problem);

// Every problem of `frame`. Widgets under a dialog (inert) are not checked. The contrast of a text is
// computed from its colour and the fill actually under it: its own fill, else the topmost filled widget below
// it that contains its text area (composited when translucent), else the frame's background. Text widths are
// measured again with `measure`. A floating widget (the toast) is checked for its own text but may lie over
// others. The UI thread.
std::vector<LayoutProblem> auditFrame(const Frame& frame, const Theme& theme, TextMeasure& measure);

}  // namespace yimen::screens
