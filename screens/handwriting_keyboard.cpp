// The handwriting keyboard: candidate bar, writing pad, keys.
#include "screens/handwriting_keyboard.h"

#include <algorithm>

#include "kiosk/core/texts.h"
#include "screens/candidate_bar.h"
#include "screens/field_entry.h"
#include "screens/key_grid.h"

namespace yimen::screens {
namespace {

namespace texts = kiosk::texts;

std::vector<Key> handwritingKeys(const FieldSpec& field, const std::string& draft, const UiState& ui) {
    std::vector<Key> keys;
    Action erase = !ui.ink.empty() ? uiAction(UiCommand::undoStroke)
                                   : sessionAction(kiosk::ev::Input{pressKey(field, draft, "delete")});
    keys.push_back({"hand.delete", texts::kDelete, std::move(erase), 2});
    // 清空 discards what is being written or spelt; with nothing there, the whole answer.
    Action clear = ui.choosing() ? uiAction(UiCommand::clearEntry)
                                 : Action{kiosk::ev::Input{""}, UiCommand::clearEntry, {}, 0};
    keys.push_back({"hand.clear", texts::kClear, std::move(clear), 2});
    for (Key& k : panelKeys(ui, Panel::handwriting)) keys.push_back(std::move(k));
    return keys;
}

int keyColumns(const Theme& t, int width) {
    return columnsFor(t, width, 10);
}

// A square pad as wide as fits, never smaller than three touch targets.
int padHeight(const Theme& t, int width) {
    return std::min(width, std::max(3 * t.minTarget, t.px(t.landscape() ? 460 : 540)));
}

}  // namespace

int handwritingKeyboardHeight(FrameBuilder& b, int width) {
    const Theme& t = b.theme;
    const int keys = flowHeight(t, handwritingKeys({}, {}, b.ui), keyColumns(t, width));
    return candidateBarHeight(t) + t.gap + padHeight(t, width) + t.gap + keys;
}

int handwritingKeyboard(FrameBuilder& b, Rect area, const FieldSpec& field, const std::string& draft) {
    const Theme& t = b.theme;
    int y = area.y;
    const int barH = candidateBarHeight(t);
    candidateBar(b, {area.x, y, area.w, barH}, texts::kHandwritingPrompt);
    y += barH + t.gap;

    const int padH = padHeight(t, area.w);
    const int padW = std::min(area.w, padH * 3 / 2);
    Widget pad;
    pad.id = "hand.pad";
    pad.kind = WidgetKind::writingPad;
    pad.rect = {area.x + (area.w - padW) / 2, y, padW, padH};
    pad.fill = t.surface;
    pad.border = t.primaryFill;
    pad.borderWidth = t.borderWidth;
    pad.radius = t.radius;
    pad.textColor = t.text;  // the ink
    pad.strokes = b.ui.ink;
    b.add(std::move(pad));
    y += padH + t.gap;

    y += flowKeys(b, {area.x, y, area.w, area.bottom() - y}, handwritingKeys(field, draft, b.ui),
                  keyColumns(t, area.w));
    return y - area.y;
}

}  // namespace yimen::screens
