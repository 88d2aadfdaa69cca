// The Chinese keyboard: spelling line, candidate bar, letter keys.
#include "screens/pinyin_keyboard.h"

#include <algorithm>

#include "kiosk/texts.h"
#include "screens/field_entry.h"
#include "screens/key_grid.h"

namespace yimen::screens {
namespace {

namespace texts = kiosk::texts;

std::vector<Key> pinyinKeys(const FieldSpec& field, const std::string& draft, bool composing) {
    std::vector<Key> keys;
    for (char c = 'a'; c <= 'z'; ++c) {
        const std::string letter(1, c);
        keys.push_back({letter, letter, uiAction(UiCommand::pinyinLetter, letter), 1});
    }
    // 删除 takes back a letter while spelling, else the answer's last character.
    Action erase = composing ? uiAction(UiCommand::pinyinBackspace)
                             : sessionAction(kiosk::ev::Input{pressKey(field, draft, "delete")});
    keys.push_back({"delete", texts::kDelete, std::move(erase), 2});
    Action clear{kiosk::ev::Input{""}, UiCommand::pinyinClear, {}, 0};
    keys.push_back({"clear", texts::kClear, std::move(clear), 2});
    keys.push_back({"latin", texts::kKeyboardLatin,
                    uiAction(UiCommand::switchKeyboard, {}, static_cast<int>(Keyboard::latin)), 3});
    return keys;
}

int keyColumns(const Theme& t, int width) {
    return columnsFor(t, width, 10);
}

// Two rows of candidates in portrait, where there is room, one in landscape.
int candidateRows(const Theme& t) {
    return t.landscape() ? 1 : 2;
}

int candidateBarHeight(const Theme& t) {
    const int rows = candidateRows(t);
    return rows * preferredKeyHeight(t) + (rows - 1) * t.smallGap;
}

// The candidates in rows from the left, 更多 on the right of the last row and 前一组 on the right of the
// first (before the candidates when there is one row).
void candidateBar(FrameBuilder& b, Rect bar) {
    const Theme& t = b.theme;
    const Composition& c = b.ui.composition;
    const int gap = t.smallGap;
    if (!c.composing()) {
        b.label("ime.spelling", bar, texts::kPinyinPrompt, t.bodyPx, false, t.textMuted, Align::centre);
        return;
    }
    const int rows = candidateRows(t);
    const int rowH = preferredKeyHeight(t);
    const int sideW = std::max(b.buttonWidth(texts::kEarlierCandidates, ButtonStyle::secondary),
                               b.buttonWidth(texts::kMoreCandidates, ButtonStyle::secondary));
    const bool earlier = c.first > 0;
    const int left = rows == 1 && earlier ? bar.x + sideW + gap : bar.x;
    const int right = bar.right() - sideW - gap;
    int x = left;
    int row = 0;
    std::size_t shown = 0;
    for (const std::string& candidate : c.candidates) {
        const int w = std::min(
            right - left, std::max(t.minTarget, b.textWidth(candidate, t.buttonPx, true) + 2 * t.padding));
        if (x + w > right) {
            if (row + 1 == rows)
                break;
            ++row;
            x = left;
        }
        const std::size_t index = c.first + shown;
        b.button("ime.candidate." + std::to_string(index), {x, bar.y + row * (rowH + gap), w, rowH},
                 candidate, uiAction(UiCommand::chooseCandidate, {}, static_cast<int>(index)),
                 ButtonStyle::option);
        x += w + gap;
        ++shown;
    }
    const int sideX = bar.right() - sideW;
    if (earlier)
        b.button("ime.earlier", {rows == 1 ? bar.x : sideX, bar.y, sideW, rowH}, texts::kEarlierCandidates,
                 uiAction(UiCommand::earlierCandidates), ButtonStyle::secondary);
    if (c.more || shown < c.candidates.size())
        b.button("ime.more", {sideX, bar.y + (rows - 1) * (rowH + gap), sideW, rowH}, texts::kMoreCandidates,
                 uiAction(UiCommand::moreCandidates, {}, static_cast<int>(c.first + shown)),
                 ButtonStyle::secondary);
}

}  // namespace

int pinyinKeyboardHeight(FrameBuilder& b, int width) {
    const Theme& t = b.theme;
    const int spelling = b.lineHeight(t.bodyPx, true);
    const int keys = flowHeight(t, pinyinKeys({}, {}, false), keyColumns(t, width));
    return spelling + t.smallGap + candidateBarHeight(t) + t.gap + keys;
}

int pinyinKeyboard(FrameBuilder& b, Rect area, const FieldSpec& field, const std::string& draft) {
    const Theme& t = b.theme;
    const Composition& c = b.ui.composition;
    int y = area.y;

    const int spellingH = b.lineHeight(t.bodyPx, true);
    if (c.composing())
        b.label("ime.spelling", {area.x, y, area.w, spellingH}, c.preedit, t.bodyPx, true, t.text);
    y += spellingH + t.smallGap;

    const int barH = candidateBarHeight(t);
    candidateBar(b, {area.x, y, area.w, barH});
    y += barH + t.gap;

    y += flowKeys(b, {area.x, y, area.w, area.bottom() - y}, "pinyin.",
                  pinyinKeys(field, draft, c.composing()), keyColumns(t, area.w));
    return y - area.y;
}

}  // namespace yimen::screens
