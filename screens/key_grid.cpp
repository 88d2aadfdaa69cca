// Key grids: row-major flow of spans.
#include "screens/key_grid.h"

#include <algorithm>

#include "kiosk/core/texts.h"

namespace yimen::screens {
namespace {

int rowsFor(const std::vector<Key>& keys, int columns) {
    int rows = 1;
    int col = 0;
    for (const Key& k : keys) {
        if (col + k.span > columns) {
            ++rows;
            col = 0;
        }
        col += k.span;
    }
    return rows;
}

}  // namespace

int preferredKeyHeight(const Theme& t) {
    return std::max(t.minTarget, t.px(104));
}

int columnsFor(const Theme& t, int width, int most) {
    const int gap = t.smallGap;
    return std::clamp((width + gap) / (t.minTarget + gap), 1, most);
}

int flowHeight(const Theme& t, const std::vector<Key>& keys, int columns) {
    const int rows = rowsFor(keys, columns);
    return rows * preferredKeyHeight(t) + (rows - 1) * t.smallGap;
}

int flowKeys(FrameBuilder& b, Rect area, const std::vector<Key>& keys, int columns) {
    const Theme& t = b.theme;
    const int gap = t.smallGap;
    const int keyW = (area.w - (columns - 1) * gap) / columns;
    const int keyH = preferredKeyHeight(t);
    int col = 0;
    int row = 0;
    for (const Key& k : keys) {
        if (col + k.span > columns) {
            ++row;
            col = 0;
        }
        const Rect r{area.x + col * (keyW + gap), area.y + row * (keyH + gap),
                     k.span * keyW + (k.span - 1) * gap, keyH};
        b.button(k.id, r, k.label, k.action, ButtonStyle::key);
        col += k.span;
    }
    return (row + 1) * keyH + row * gap;
}

std::vector<std::string> latinLetters() {
    std::vector<std::string> out;
    for (char c = 'A'; c <= 'Z'; ++c) out.emplace_back(1, c);
    return out;
}

std::vector<Key> panelKeys(const UiState& ui, Panel current) {
    std::vector<Key> keys;
    auto add = [&](Panel panel, bool available, const char* id, const char* label, int span) {
        if (panel != current && available)
            keys.push_back({id, label, uiAction(UiCommand::showPanel, {}, static_cast<int>(panel)), span});
    };
    add(Panel::handwriting, ui.handwritingAvailable, "panel.handwriting", kiosk::texts::kKeyboardHandwriting,
        2);
    add(Panel::pinyin, ui.pinyinAvailable, "panel.pinyin", kiosk::texts::kKeyboardChinese, 2);
    add(Panel::latin, true, "panel.latin", kiosk::texts::kKeyboardLatin, 3);
    return keys;
}

}  // namespace yimen::screens
