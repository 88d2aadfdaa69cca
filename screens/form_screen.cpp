// Form: one question per screen: the answer so far (pre-filled from the card to confirm), how to fix a wrong
// answer, and a keypad or the list of options.
#include <algorithm>

#include "kiosk/core/texts.h"
#include "screens/field_entry.h"
#include "screens/handwriting_keyboard.h"
#include "screens/keypads.h"
#include "screens/line_break.h"
#include "screens/pinyin_keyboard.h"
#include "screens/screen_builders.h"

namespace yimen::screens {
namespace {

namespace texts = kiosk::texts;
namespace ev = kiosk::ev;

constexpr const char* kOptionsList = "form.options";

bool hasKeypad(const kiosk::SessionState& s, const FieldSpec& f) {
    if (f.type == FieldType::choice)
        return false;
    if (f.type == FieldType::text || f.type == FieldType::address)
        return !s.draftFromCard;
    return true;
}

// The options of a choice field as big buttons, paged when they do not all fit.
void optionGrid(FrameBuilder& b, Rect area, const FieldSpec& f) {
    const Theme& t = b.theme;
    const std::string& draft = b.state.draft;
    const int gap = t.smallGap;
    const int rowH = std::max(t.minTarget, t.px(104));
    int widest = 0;
    for (const std::string& o : f.options) widest = std::max(widest, b.buttonWidth(o, ButtonStyle::option));
    const int columns = (area.w - gap) / 2 >= widest ? 2 : 1;
    int rows = std::max(1, (area.h + gap) / (rowH + gap));
    const int count = static_cast<int>(f.options.size());
    bool paged = count > rows * columns;
    if (paged)
        rows = std::max(1, rows - 1);
    const int perPage = rows * columns;
    const int pages = (count + perPage - 1) / perPage;
    int page = 0;
    if (auto it = b.ui.pages.find(kOptionsList); it != b.ui.pages.end())
        page = std::clamp(it->second, 0, std::max(0, pages - 1));
    const int colW = (area.w - (columns - 1) * gap) / columns;
    const int first = page * perPage;
    for (int i = first; i < std::min(count, first + perPage); ++i) {
        const int slot = i - first;
        const Rect r{area.x + (slot % columns) * (colW + gap), area.y + (slot / columns) * (rowH + gap), colW,
                     rowH};
        const std::string& option = f.options[static_cast<std::size_t>(i)];
        b.button("form.option." + std::to_string(i), r, option, sessionAction(ev::Input{option}),
                 ButtonStyle::option, draft == option);
    }
    if (!paged)
        return;
    const int y = area.y + rows * (rowH + gap);
    const int bw = std::max(t.px(200), b.buttonWidth(texts::kPagePrevious, ButtonStyle::secondary));
    b.button("form.options.previous", {area.x, y, bw, rowH}, texts::kPagePrevious,
             uiAction(UiCommand::showPage, kOptionsList, std::max(0, page - 1)), ButtonStyle::secondary);
    b.button("form.options.next", {area.right() - bw, y, bw, rowH}, texts::kPageNext,
             uiAction(UiCommand::showPage, kOptionsList, std::min(pages - 1, page + 1)),
             ButtonStyle::secondary);
    b.label("form.options.page", {area.x + bw, y, area.w - 2 * bw, rowH},
            std::string(texts::kPagePrefix) + std::to_string(page + 1) + " / " + std::to_string(pages) +
                texts::kPageSuffix,
            t.bodyPx, false, t.text, Align::centre);
}

// The answer so far, large; a long answer is shown smaller, and one longer than the box shows its end (as a
// text field scrolls to the caret), marked with "…". The review shows every answer whole.
void valueBox(FrameBuilder& b, FrameBuilder::Column& c, const FieldSpec& f, int budget) {
    const Theme& t = b.theme;
    const kiosk::SessionState& s = b.state;
    const bool empty = s.draft.empty();
    const std::string shown = !empty                      ? displayValue(f.type, s.draft)
                              : f.type == FieldType::date ? texts::kDateEntryHint
                                                          : texts::kTypeBelow;
    const int pad = t.px(24);
    const int minH = t.px(120);
    const int textW = c.w - 2 * pad;
    int px = empty ? t.bodyPx : t.valuePx;
    auto widthAt = [&](int size) {
        return [&, size](std::string_view line) { return b.textWidth(line, size, !empty); };
    };
    BrokenText lines = breakLines(shown, textW, widthAt(px));
    auto fits = [&](int size) {
        return static_cast<int>(lines.lines.size()) * b.lineHeight(size, !empty) + 2 * pad <=
               std::max(minH, budget);
    };
    if (!fits(px) && px != t.bodyPx) {
        px = t.bodyPx;
        lines = breakLines(shown, textW, widthAt(px));
    }
    const int lineH = b.lineHeight(px, !empty);
    const int room = std::max(1, (std::max(minH, budget) - 2 * pad) / lineH);
    std::string text = shown;
    if (static_cast<int>(lines.lines.size()) > room) {
        text = "…";
        for (std::size_t i = lines.lines.size() - static_cast<std::size_t>(room); i < lines.lines.size(); ++i)
            text += lines.lines[i];
        // The marker may push the first kept line over; drop characters until it fits.
        while (static_cast<int>(breakLines(text, textW, widthAt(px)).lines.size()) > room &&
               text.size() > 3) {
            std::size_t cut = 3;  // after "…"
            do {
                ++cut;
            } while (cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80);
            text.erase(3, cut - 3);
        }
    }
    const int h = std::max(minH, b.textHeight(text, px, !empty, c.w, pad));
    const Rect r = b.take(c, h);
    Widget value;
    value.id = "form.value";
    value.kind = WidgetKind::panel;
    value.rect = r;
    value.fill = t.surface;
    value.border = s.fieldError ? t.dangerBorder : t.primaryFill;
    value.borderWidth = t.borderWidth;
    value.radius = t.radius;
    value.text = text;
    value.textPx = px;
    value.bold = !empty;
    value.textColor = empty ? t.textMuted : t.text;
    value.align = Align::start;
    value.padding = pad;
    const std::size_t index = b.add(std::move(value));
    if (r.bottom() > c.bottom)
        b.at(index).overflow = true;
}

}  // namespace

void buildForm(FrameBuilder& b) {
    const Theme& t = b.theme;
    const kiosk::SessionState& s = b.state;
    const int top = b.header(3);
    const int navTop = b.navBar(true, true, FrameBuilder::Primary{"form.next", texts::kNext, ev::Next{}});
    const Rect body = bodyArea(b, top, navTop);
    const Item* item = s.item();
    const FieldSpec* f = s.currentField();
    if (!item || !f) {
        b.label("form.missing", body, texts::kNoItems, t.bodyPx, false, t.textMuted, Align::centre);
        return;
    }
    Rect left = body;
    Rect right = body;
    if (t.landscape()) {
        left.w = (body.w - t.px(48)) * 2 / 5;
        right.x = left.right() + t.px(48);
        right.w = body.right() - right.x;
    }
    const bool keypad = hasKeypad(s, *f);
    const bool textAnswer = keypad && (f->type == FieldType::text || f->type == FieldType::address);
    // Chinese by handwriting or pinyin when they work; otherwise letters and digits, and a word on why.
    const Panel panel = textAnswer ? b.ui.panel : Panel::latin;
    const bool lettersOnly = textAnswer && !b.ui.pinyinAvailable && !b.ui.handwritingAvailable;
    auto padHeight = [&](int width) {
        switch (panel) {
        case Panel::handwriting: return handwritingKeyboardHeight(b, width);
        case Panel::pinyin: return pinyinKeyboardHeight(b, width);
        case Panel::latin: break;
        }
        return fieldKeypadHeight(b, width, f->type);
    };

    FrameBuilder::Column c{left.x, left.y, left.w, left.bottom()};
    b.flowText(c, "form.count",
               std::string(texts::kQuestionPrefix) + std::to_string(s.fieldIndex + 1) +
                   texts::kQuestionMiddle + std::to_string(item->fields.size()) + texts::kQuestionSuffix,
               t.smallPx, false, t.textMuted);
    b.flowText(c, "form.label", f->label + (f->required ? "" : texts::kOptional), t.titlePx, true, t.text);
    if (!f->hint.empty())
        b.flowText(c, "form.hint", f->hint, t.bodyPx, false, t.textMuted);
    if (s.draftFromCard)
        b.flowBanner(c, "form.prefilled", texts::kConfirmPrefilled, t.infoFill, t.infoText);

    if (f->type != FieldType::choice) {
        // What is left for the answer box once the error message and (in portrait) the keypad have their
        // room.
        int budget = c.bottom - c.y;
        if (s.fieldError)
            budget -= b.textHeight(s.fieldError->message, t.bodyPx, false, c.w, t.padding) + t.smallGap;
        if (!t.landscape() && keypad) {
            budget -= padHeight(body.w) + t.gap;
            if (lettersOnly)
                budget -= b.textHeight(texts::kOnScreenLettersOnly, t.smallPx, false, body.w) + t.smallGap;
        }
        valueBox(b, c, *f, budget);
    }
    if (s.fieldError)
        b.flowBanner(c, "form.error", s.fieldError->message, t.dangerFill, t.dangerText, t.dangerBorder);

    // The input area: the right column in landscape, the rest of the body in portrait.
    Rect input = right;
    if (!t.landscape()) {
        const int y = c.y - t.smallGap + t.gap;
        input = {body.x, y, body.w, body.bottom() - y};
    }
    if (f->type == FieldType::choice) {
        optionGrid(b, input, *f);
        return;
    }
    if (!keypad)
        return;
    FrameBuilder::Column k{input.x, input.y, input.w, input.bottom()};
    if (lettersOnly)
        b.flowText(k, "form.lettersOnly", texts::kOnScreenLettersOnly, t.smallPx, false, t.textMuted);
    const int padH = padHeight(input.w);
    // Anchored at the bottom in portrait, so the keys stay put when an error message appears.
    const int padTop = t.landscape() ? k.y : std::max(k.y, input.bottom() - padH);
    const Rect pad{input.x, padTop, input.w, padH};
    switch (panel) {
    case Panel::handwriting: handwritingKeyboard(b, pad, *f, s.draft); break;
    case Panel::pinyin: pinyinKeyboard(b, pad, *f, s.draft); break;
    case Panel::latin: fieldKeypad(b, pad, *f, s.draft); break;
    }
    if (padTop + padH > input.bottom() && !b.frame().widgets.empty())
        b.frame().widgets.back().overflow = true;
}

}  // namespace yimen::screens
