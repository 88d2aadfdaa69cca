// Key grids shared by the on-screen keypads: keys with spans flowed row by row, every key at least the
// minimum touch size.
#pragma once

#include <string>
#include <vector>

#include "screens/frame_builder.h"

namespace yimen::screens {

struct Key {
    std::string id;     // e.g. "keypad.A"
    std::string label;  // shown
    Action action;
    int span = 1;  // columns taken
};

// A key's height: the minimum touch size or a little more on large screens.
int preferredKeyHeight(const Theme& t);
// As many columns as fit keys of the minimum size in `width`, up to `most`.
int columnsFor(const Theme& t, int width, int most);
// The height `keys` need when flowed into `columns` columns.
int flowHeight(const Theme& t, const std::vector<Key>& keys, int columns);
// Lays `keys` out row by row in `columns` columns from the top of `area`. Returns the height used.
int flowKeys(FrameBuilder& b, Rect area, const std::vector<Key>& keys, int columns);

// "A".."Z".
std::vector<std::string> latinLetters();

// The keys that switch a text answer's keyboard to the other panels that work: "panel.handwriting" 手写,
// "panel.pinyin" 拼音, "panel.latin" 字母数字.
std::vector<Key> panelKeys(const UiState& ui, Panel current);

}  // namespace yimen::screens
