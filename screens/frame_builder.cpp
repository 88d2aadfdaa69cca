// FrameBuilder: text layout, buttons, flow columns and the chrome shared by every screen.
#include "screens/frame_builder.h"

#include <algorithm>
#include <cstdio>

#include "kiosk/core/session.h"
#include "kiosk/core/texts.h"
#include "screens/line_break.h"

namespace yimen::screens {
namespace {

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

}  // namespace

namespace texts = kiosk::texts;

FrameBuilder::FrameBuilder(const Theme& t, TextMeasure& m, const UiState& u, const UiConfig& c,
                           const kiosk::SessionState& s)
    : theme(t), measure(m), ui(u), config(c), state(s) {
    frame_.width = t.width;
    frame_.height = t.height;
    frame_.background = t.background;
}

void FrameBuilder::layoutText(Widget& w) {
    w.lines.clear();
    if (w.text.empty() || w.textPx <= 0)
        return;
    w.lineHeight = measure.lineHeight(w.textPx, w.bold);
    const Rect area = w.textArea();
    const int px = w.textPx;
    const bool bold = w.bold;
    BrokenText broken =
        breakLines(w.text, area.w, [&](std::string_view s) { return measure.textWidth(s, px, bold); });
    w.lines = std::move(broken.lines);
    if (broken.overflow || static_cast<int>(w.lines.size()) * w.lineHeight > area.h)
        w.overflow = true;
}

std::size_t FrameBuilder::add(Widget w) {
    layoutText(w);
    frame_.widgets.push_back(std::move(w));
    return frame_.widgets.size() - 1;
}

int FrameBuilder::textWidth(std::string_view text, int px, bool bold) {
    return measure.textWidth(text, px, bold);
}

int FrameBuilder::lineHeight(int px, bool bold) {
    return measure.lineHeight(px, bold);
}

int FrameBuilder::textHeight(std::string_view text, int px, bool bold, int width, int padding) {
    const BrokenText broken = breakLines(text, std::max(1, width - 2 * padding),
                                         [&](std::string_view s) { return measure.textWidth(s, px, bold); });
    return static_cast<int>(broken.lines.size()) * measure.lineHeight(px, bold) + 2 * padding;
}

std::size_t FrameBuilder::label(std::string id, Rect r, std::string text, int px, bool bold, Color color,
                                Align align, Align valign) {
    Widget w;
    w.id = std::move(id);
    w.kind = WidgetKind::label;
    w.rect = r;
    w.text = std::move(text);
    w.textPx = px;
    w.bold = bold;
    w.textColor = color;
    w.align = align;
    w.valign = valign;
    return add(std::move(w));
}

std::size_t FrameBuilder::panel(std::string id, Rect r, Color fill, int radius, std::optional<Color> border) {
    Widget w;
    w.id = std::move(id);
    w.kind = WidgetKind::panel;
    w.rect = r;
    w.fill = fill;
    w.radius = radius;
    if (border) {
        w.border = border;
        w.borderWidth = theme.borderWidth;
    }
    return add(std::move(w));
}

int FrameBuilder::buttonWidth(std::string_view text, ButtonStyle style) {
    const int px = style == ButtonStyle::key ? theme.keyPx : theme.buttonPx;
    return std::max(theme.minTarget, textWidth(text, px, true) + 2 * theme.px(40));
}

std::size_t FrameBuilder::button(std::string id, Rect r, std::string text, Action action, ButtonStyle style,
                                 bool selected) {
    Widget w;
    w.id = std::move(id);
    w.kind = WidgetKind::button;
    w.rect = r;
    w.text = std::move(text);
    w.textPx = style == ButtonStyle::key ? theme.keyPx : theme.buttonPx;
    w.bold = style != ButtonStyle::option || selected;
    w.radius = theme.radius;
    w.padding = theme.px(12);
    w.action = std::move(action);
    w.selected = selected;
    const bool filled = style == ButtonStyle::primary || selected;
    w.fill = filled ? theme.primaryFill : theme.secondaryFill;
    w.textColor = filled                                                      ? theme.primaryText
                  : style == ButtonStyle::key || style == ButtonStyle::option ? theme.keyText
                                                                              : theme.secondaryText;
    if (!filled) {
        w.border = style == ButtonStyle::secondary ? theme.primaryFill : theme.border;
        w.borderWidth = theme.borderWidth;
    }
    return add(std::move(w));
}

Rect FrameBuilder::take(Column& c, int h, std::optional<std::size_t> index) {
    const Rect r{c.x, c.y, c.w, h};
    c.y += h + theme.smallGap;
    if (index && r.bottom() > c.bottom)
        at(*index).overflow = true;
    return r;
}

std::size_t FrameBuilder::flowText(Column& c, std::string id, std::string text, int px, bool bold,
                                   Color color, Align align) {
    const int h = textHeight(text, px, bold, c.w);
    const Rect r = take(c, h);
    const std::size_t index = label(std::move(id), r, std::move(text), px, bold, color, align, Align::start);
    if (r.bottom() > c.bottom)
        at(index).overflow = true;
    return index;
}

std::size_t FrameBuilder::flowBanner(Column& c, std::string id, std::string text, Color fill, Color textColor,
                                     std::optional<Color> border) {
    const int pad = theme.padding;
    const int h = textHeight(text, theme.bodyPx, false, c.w, pad);
    const Rect r = take(c, h);
    Widget w;
    w.id = std::move(id);
    w.kind = WidgetKind::panel;
    w.rect = r;
    w.fill = fill;
    if (border) {
        w.border = border;
        w.borderWidth = theme.borderWidth;
    }
    w.radius = theme.radius;
    w.text = std::move(text);
    w.textPx = theme.bodyPx;
    w.textColor = textColor;
    w.align = Align::start;
    w.padding = pad;
    const std::size_t index = add(std::move(w));
    if (r.bottom() > c.bottom)
        at(index).overflow = true;
    return index;
}

int FrameBuilder::localHour() const {
    const std::int64_t localSeconds = floorDiv(state.nowMs, 1000) + config.utcOffsetMinutes * 60LL;
    return static_cast<int>((localSeconds % 86400 + 86400) % 86400 / 3600);
}

std::string FrameBuilder::clockText() const {
    const std::int64_t localSeconds = floorDiv(state.nowMs, 1000) + config.utcOffsetMinutes * 60LL;
    const int secondsOfDay = static_cast<int>((localSeconds % 86400 + 86400) % 86400);
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", secondsOfDay / 3600, secondsOfDay / 60 % 60);
    return buf;
}

std::string FrameBuilder::dateText() const {
    const std::string ymd = kiosk::ymdAt(state.nowMs, config.utcOffsetMinutes);
    const std::int64_t localSeconds = floorDiv(state.nowMs, 1000) + config.utcOffsetMinutes * 60LL;
    const std::int64_t days = floorDiv(localSeconds, 86400);
    const int weekday = static_cast<int>(((days + 4) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
    const int month = std::stoi(ymd.substr(4, 2));
    const int day = std::stoi(ymd.substr(6, 2));
    return ymd.substr(0, 4) + texts::kYear + std::to_string(month) + texts::kMonth + std::to_string(day) +
           texts::kDay + " " + texts::kWeekdays[weekday];
}

int FrameBuilder::header(std::optional<int> journeyStep) {
    const Theme& t = theme;
    const int h = t.headerHeight;
    panel("header", {0, 0, t.width, h}, t.headerFill);
    const int emblem = h * 2 / 3;
    Widget badge;
    badge.id = "header.emblem";
    badge.kind = WidgetKind::badge;
    badge.rect = {t.margin, (h - emblem) / 2, emblem, emblem};
    badge.fill = t.emblemFill;
    badge.radius = emblem / 2;
    badge.text = texts::kEmblem;
    badge.textPx = t.emblemPx;
    badge.bold = true;
    badge.textColor = t.emblemText;
    add(std::move(badge));

    const int titleX = t.margin + emblem + t.gap;
    const int titleW = textWidth(texts::kTerminalTitle, t.headerTitlePx, true) + 2;
    int right = t.width - t.margin;
    if (state.screen != kiosk::Screen::home) {
        const std::string clock = clockText();
        const int clockW = textWidth(clock, t.clockPx, true) + 2;
        label("header.clock", {right - clockW, 0, clockW, h}, clock, t.clockPx, true, t.headerText,
              Align::end);
        right -= clockW + t.gap;
    }
    label("header.title", {titleX, 0, std::min(titleW, right - titleX), h}, texts::kTerminalTitle,
          t.headerTitlePx, true, t.headerText);

    int contentTop = h;
    if (!journeyStep)
        return contentTop;
    // The six steps of the apply journey, the current one marked.
    const int steps = 6;
    Rect band;
    if (t.landscape()) {
        const int left = titleX + titleW + 2 * t.gap;
        band = {left, 0, right - left, h};
    } else {
        band = {t.margin, h, t.width - 2 * t.margin, t.progressHeight};
        panel("progress", {0, h, t.width, t.progressHeight}, t.background);
        contentTop = h + t.progressHeight;
    }
    const int stepW = band.w / steps;
    const int barH = t.px(8);
    const int labelH = lineHeight(t.smallPx, true);
    const int top = band.y + (band.h - barH - t.smallGap - labelH) / 2;
    for (int i = 0; i < steps; ++i) {
        const bool reached = i <= *journeyStep;
        const bool current = i == *journeyStep;
        const int x = band.x + i * stepW;
        const Color bar = t.landscape() ? (reached ? t.headerText : t.headerBarPending)
                                        : (reached ? t.progressDone : t.progressPending);
        const Color ink =
            t.landscape() ? (reached ? t.headerText : t.headerTextMuted) : (current ? t.text : t.textMuted);
        panel("progress.bar." + std::to_string(i), {x + t.px(6), top, stepW - t.px(12), barH}, bar, barH / 2);
        label("progress.step." + std::to_string(i), {x, top + barH + t.smallGap, stepW, labelH},
              texts::kJourneySteps[i], t.smallPx, current, ink, Align::centre);
    }
    return contentTop;
}

int FrameBuilder::navBar(bool back, bool home, std::optional<Primary> primary) {
    const Theme& t = theme;
    const int top = t.height - t.navHeight;
    panel("nav", {0, top, t.width, t.navHeight}, t.surface);
    panel("nav.rule", {0, top, t.width, t.px(2)}, t.border);
    const int bh = t.navButtonHeight;
    const int y = top + (t.navHeight - bh) / 2;
    int x = t.margin;
    const int minW = t.px(220);
    if (back) {
        const int w = std::max(minW, buttonWidth(texts::kBack, ButtonStyle::secondary));
        button("nav.back", {x, y, w, bh}, texts::kBack, sessionAction(kiosk::ev::Back{}),
               ButtonStyle::secondary);
        x += w + t.gap;
    }
    if (home) {
        const int w = std::max(minW, buttonWidth(texts::kHome, ButtonStyle::secondary));
        button("nav.home", {x, y, w, bh}, texts::kHome, sessionAction(kiosk::ev::Home{}),
               ButtonStyle::secondary);
    }
    if (primary) {
        const int w = std::max(t.px(360), buttonWidth(primary->text, primary->style));
        button(primary->id, {t.width - t.margin - w, y, w, bh}, primary->text, sessionAction(primary->event),
               primary->style);
    }
    return top;
}

}  // namespace yimen::screens
