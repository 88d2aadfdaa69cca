// The pinyin keyboard: spelling line, candidate bar, letter keys.
#include "screens/pinyin_keyboard.h"

#include "kiosk/core/texts.h"
#include "screens/candidate_bar.h"
#include "screens/field_entry.h"
#include "screens/key_grid.h"

namespace yimen::screens {
namespace {

namespace texts = kiosk::texts;

std::vector<Key> pinyinKeys(const FieldSpec& field, const std::string& draft, const UiState& ui) {
    std::vector<Key> keys;
    for (char c = 'a'; c <= 'z'; ++c) {
        const std::string letter(1, c);
        keys.push_back({"pinyin." + letter, letter, uiAction(UiCommand::pinyinLetter, letter), 1});
    }
    // 删除 takes back a letter while spelling, else the answer's last character.
    Action erase = !ui.spelling.empty() ? uiAction(UiCommand::pinyinBackspace)
                                        : sessionAction(kiosk::ev::Input{pressKey(field, draft, "delete")});
    keys.push_back({"pinyin.delete", texts::kDelete, std::move(erase), 2});
    // 清空 discards what is being written or spelt; with nothing there, the whole answer.
    Action clear = ui.choosing() ? uiAction(UiCommand::clearEntry)
                                 : Action{kiosk::ev::Input{""}, UiCommand::clearEntry, {}, 0};
    keys.push_back({"pinyin.clear", texts::kClear, std::move(clear), 2});
    for (Key& k : panelKeys(ui, Panel::pinyin)) keys.push_back(std::move(k));
    return keys;
}

int keyColumns(const Theme& t, int width) {
    return columnsFor(t, width, 10);
}

}  // namespace

int pinyinKeyboardHeight(FrameBuilder& b, int width) {
    const Theme& t = b.theme;
    const int spelling = b.lineHeight(t.bodyPx, true);
    const int keys = flowHeight(t, pinyinKeys({}, {}, b.ui), keyColumns(t, width));
    return spelling + t.smallGap + candidateBarHeight(t) + t.gap + keys;
}

int pinyinKeyboard(FrameBuilder& b, Rect area, const FieldSpec& field, const std::string& draft) {
    const Theme& t = b.theme;
    int y = area.y;
    const int spellingH = b.lineHeight(t.bodyPx, true);
    if (!b.ui.spelling.empty())
        b.label("ime.spelling", {area.x, y, area.w, spellingH}, b.ui.spelling, t.bodyPx, true, t.text);
    y += spellingH + t.smallGap;

    const int barH = candidateBarHeight(t);
    candidateBar(b, {area.x, y, area.w, barH}, texts::kPinyinPrompt);
    y += barH + t.gap;

    y += flowKeys(b, {area.x, y, area.w, area.bottom() - y}, pinyinKeys(field, draft, b.ui),
                  keyColumns(t, area.w));
    return y - area.y;
}

}  // namespace yimen::screens
