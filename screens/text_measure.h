// How wide text is drawn: the one thing layout needs from the font, behind an interface.
#pragma once

#include <string_view>

namespace yimen::screens {

// Implemented by FontSet with the real font; the layout and its audit need nothing else from it.
// Not thread-safe: one UI thread.
class TextMeasure {
public:
    virtual ~TextMeasure() = default;
    // Width in pixels of one line of `utf8` at `px` pixels, as it will be drawn.
    virtual int textWidth(std::string_view utf8, int px, bool bold) = 0;
    // Height in pixels of one drawn line at `px` (the distance from one line to the next).
    virtual int lineHeight(int px, bool bold) = 0;
};

}  // namespace yimen::screens
