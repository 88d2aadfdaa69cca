// Handwriting recognition for the Chinese keyboard's writing pad: strokes in, likely characters out.
// Implemented by screens/ime/zinnia_handwriting (Zinnia with the Tegaki Simplified Chinese model).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/error.h"
#include "screens/geometry.h"

namespace yimen::screens {

// What a citizen wrote: strokes of points in the pad's own pixels, (0,0) its top left.
struct Ink {
    int width = 0;
    int height = 0;
    std::vector<std::vector<Point>> strokes;
};

class HandwritingRecognizer {
public:
    virtual ~HandwritingRecognizer() = default;
    // Up to `count` characters the ink may be, most likely first. Errors: invalidInput (no strokes, or a pad
    // without size), unavailable (the recognizer failed).
    [[nodiscard]] virtual Expected<std::vector<std::string>> recognize(const Ink& ink, std::size_t count) = 0;
};

}  // namespace yimen::screens
