// Chinese line breaking for the screens: pure, measured by a caller-supplied width function.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace yimen::screens {

// The width in pixels of a run of text as it would be drawn.
using WidthOf = std::function<int(std::string_view utf8)>;

struct BrokenText {
    std::vector<std::string> lines;
    // True when the text does not fit: a single character wider than the line, or more lines than allowed.
    // The lines are all still there; the caller must report the overflow, not hide it.
    bool overflow = false;
};

// Breaks `utf8` into lines no wider than `maxWidth`. '\n' is a hard break. Lines break between CJK characters
// and at spaces; a run of non-CJK characters (a number, a Latin word, 4501**********1231) stays whole unless
// it alone is wider than a line. No line starts with closing punctuation (，。、；：？！」』）》… and their
// ASCII kin) and no line ends with opening punctuation (「『（《 …), unless a single word is wider than the
// whole line. Spaces at a break are dropped. `maxLines` 0 means no limit. Invalid UTF-8 bytes are kept as
// single characters. Pure; any thread.
BrokenText breakLines(std::string_view utf8, int maxWidth, const WidthOf& widthOf, int maxLines = 0);

}  // namespace yimen::screens
