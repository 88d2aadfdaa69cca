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

void candidateBar(FrameBuilder& b, Rect bar) {
    const Theme& t = b.theme;
    const Composition& c = b.ui.composition;
    const int gap = t.smallGap;
    const int sideW = std::max(b.buttonWidth(texts::kEarlierCandidates, ButtonStyle::secondary),
                               b.buttonWidth(texts::kMoreCandidates, ButtonStyle::secondary));
    if (!c.composing()) {
        b.label("ime.spelling", bar, texts::kPinyinPrompt, t.bodyPx, false, t.textMuted, Align::centre);
        return;
    }
    const int left = bar.x + sideW + gap;
    const int right = bar.right() - sideW - gap;
    int x = left;
    std::size_t shown = 0;
    for (const std::string& candidate : c.candidates) {
        const int w = std::max(t.minTarget, b.buttonWidth(candidate, ButtonStyle::key));
        if (x + w > right && shown > 0)
            break;
        const std::size_t index = c.first + shown;
        b.button("ime.candidate." + std::to_string(index), {x, bar.y, std::min(w, right - x), bar.h},
                 candidate, uiAction(UiCommand::chooseCandidate, {}, static_cast<int>(index)),
                 ButtonStyle::option);
        x += w + gap;
        ++shown;
    }
    if (c.first > 0)
        b.button("ime.earlier", {bar.x, bar.y, sideW, bar.h}, texts::kEarlierCandidates,
                 uiAction(UiCommand::earlierCandidates), ButtonStyle::secondary);
    if (c.more || shown < c.candidates.size())
        b.button("ime.more", {bar.right() - sideW, bar.y, sideW, bar.h}, texts::kMoreCandidates,
                 uiAction(UiCommand::moreCandidates, {}, static_cast<int>(c.first + shown)),
                 ButtonStyle::secondary);
}

}  // namespace

int pinyinKeyboardHeight(FrameBuilder& b, int width) {
    const Theme& t = b.theme;
    const int spelling = b.lineHeight(t.bodyPx, true);
    const int keys = flowHeight(t, pinyinKeys({}, {}, false), keyColumns(t, width));
    return spelling + t.smallGap + preferredKeyHeight(t) + t.gap + keys;
}

int pinyinKeyboard(FrameBuilder& b, Rect area, const FieldSpec& field, const std::string& draft) {
    const Theme& t = b.theme;
    const Composition& c = b.ui.composition;
    int y = area.y;

    const int spellingH = b.lineHeight(t.bodyPx, true);
    if (c.composing())
        b.label("ime.spelling", {area.x, y, area.w, spellingH}, c.preedit, t.bodyPx, true, t.text);
    y += spellingH + t.smallGap;

    const int barH = preferredKeyHeight(t);
    candidateBar(b, {area.x, y, area.w, barH});
    y += barH + t.gap;

    y += flowKeys(b, {area.x, y, area.w, area.bottom() - y}, "pinyin.",
                  pinyinKeys(field, draft, c.composing()), keyColumns(t, area.w));
    return y - area.y;
}

}  // namespace yimen::screens
