// Home: greeting, the six service tiles, the clock and the elder-mode button.
#include <algorithm>

#include "kiosk/core/texts.h"
#include "screens/screen_builders.h"

namespace yimen::screens {
namespace {

namespace texts = kiosk::texts;

// The journey a tile opens; none: 暂未开通.
enum class Opens { none, apply, track, rate };

struct Tile {
    const char* id;
    const char* title;
    Opens opens;
};

constexpr Tile kTiles[6] = {
    {"home.apply", texts::kTileApply, Opens::apply},    {"home.track", texts::kTileTrack, Opens::track},
    {"home.print", texts::kTilePrint, Opens::none},     {"home.notices", texts::kTileNotices, Opens::none},
    {"home.consult", texts::kTileConsult, Opens::none}, {"home.rate", texts::kTileRate, Opens::rate},
};

Action tileAction(Opens opens) {
    switch (opens) {
    case Opens::apply: return sessionAction(kiosk::ev::StartApply{});
    case Opens::track: return sessionAction(kiosk::ev::StartTrack{});
    case Opens::rate: return sessionAction(kiosk::ev::StartRate{});
    case Opens::none: break;
    }
    return uiAction(UiCommand::toast, texts::kNotYetAvailable);
}

void addTile(FrameBuilder& b, int index, Rect r) {
    const Theme& t = b.theme;
    const Tile& tile = kTiles[index];
    const Color fill = t.tileFills[static_cast<std::size_t>(index)];
    Widget w;
    w.id = tile.id;
    w.kind = WidgetKind::button;
    w.rect = r;
    w.fill = fill;
    w.radius = t.px(28);
    w.action = tileAction(tile.opens);
    b.add(std::move(w));

    const int titleH = b.lineHeight(t.tileTitlePx, true);
    const int hintH = b.lineHeight(t.smallPx, false);
    const int pad = t.padding;
    const int textBlock = titleH + t.smallGap + hintH;
    const std::string base = tile.id;
    auto addBadge = [&](Rect at) {
        Widget icon;
        icon.id = base + ".badge";
        icon.kind = WidgetKind::badge;
        icon.rect = at;
        icon.fill = t.tileText;
        icon.radius = at.w / 2;
        icon.text = texts::kTileBadges[index];
        icon.textPx = std::min(t.tileBadgePx, at.w * 11 / 20);
        icon.bold = true;
        icon.textColor = fill;
        b.add(std::move(icon));
    };
    // Badge above the words when the tile is tall enough, else beside them.
    const int stacked = std::min(t.px(120), r.h - 2 * pad - textBlock - t.gap);
    if (stacked >= t.px(72)) {
        int y = r.y + (r.h - textBlock - stacked - t.gap) / 2;
        addBadge({r.x + (r.w - stacked) / 2, y, stacked, stacked});
        y += stacked + t.gap;
        b.label(base + ".title", {r.x + pad, y, r.w - 2 * pad, titleH}, tile.title, t.tileTitlePx, true,
                t.tileText, Align::centre);
        y += titleH + t.smallGap;
        b.label(base + ".hint", {r.x + pad, y, r.w - 2 * pad, hintH}, texts::kTileHints[index], t.smallPx,
                false, t.tileText, Align::centre);
        return;
    }
    const int badge = std::min({t.px(112), r.h - 2 * pad, r.w / 4});
    const int wordsW = std::max(b.textWidth(tile.title, t.tileTitlePx, true),
                                b.textWidth(texts::kTileHints[index], t.smallPx, false)) +
                       2;
    const int contentW = std::min(r.w - 2 * pad, badge + t.gap + wordsW);
    const int x = r.x + (r.w - contentW) / 2;
    addBadge({x, r.y + (r.h - badge) / 2, badge, badge});
    const int wx = x + badge + t.gap;
    const int ww = r.right() - pad - wx;
    const int y = r.y + (r.h - textBlock) / 2;
    b.label(base + ".title", {wx, y, ww, titleH}, tile.title, t.tileTitlePx, true, t.tileText);
    b.label(base + ".hint", {wx, y + titleH + t.smallGap, ww, hintH}, texts::kTileHints[index], t.smallPx,
            false, t.tileText);
}

}  // namespace

void buildHome(FrameBuilder& b) {
    const Theme& t = b.theme;
    const kiosk::SessionState& s = b.state;
    const int top = b.header(std::nullopt);
    const int footerTop = t.height - t.footerHeight;

    FrameBuilder::Column c{t.margin, top + t.gap * 3 / 2, t.width - 2 * t.margin, footerTop - t.gap};
    const int hour = b.localHour();
    const char* greeting = hour < 12   ? texts::kGoodMorning
                           : hour < 18 ? texts::kGoodAfternoon
                                       : texts::kGoodEvening;
    b.flowText(c, "home.greeting", greeting, t.greetingPx, true, t.text);
    // A short screen shows the notice in place of the prompt.
    if (s.notice.empty() || !t.landscape())
        b.flowText(c, "home.prompt", texts::kGreeting, t.bodyPx + 2, false, t.textMuted);
    if (!s.notice.empty())
        b.flowBanner(c, "home.notice", s.notice, t.successFill, t.successText);

    const int columns = t.landscape() ? 3 : 2;
    const int rows = 6 / columns;
    const int gap = t.px(36);
    const Rect area{t.margin, c.y + t.smallGap, t.width - 2 * t.margin, footerTop - t.gap - c.y - t.smallGap};
    const int tileW = (area.w - (columns - 1) * gap) / columns;
    const int tileH = (area.h - (rows - 1) * gap) / rows;
    for (int i = 0; i < 6; ++i)
        addTile(
            b, i,
            {area.x + (i % columns) * (tileW + gap), area.y + (i / columns) * (tileH + gap), tileW, tileH});

    b.panel("footer", {0, footerTop, t.width, t.footerHeight}, t.surface);
    b.panel("footer.rule", {0, footerTop, t.width, t.px(2)}, t.border);
    const int clockH = b.lineHeight(t.clockPx, true);
    const int dateH = b.lineHeight(t.smallPx, false);
    const int textTop = footerTop + (t.footerHeight - clockH - dateH) / 2;
    const int textW = t.width / 2;
    b.label("footer.clock", {t.margin, textTop, textW, clockH}, b.clockText(), t.clockPx, true, t.text);
    b.label("footer.date", {t.margin, textTop + clockH, textW, dateH}, b.dateText(), t.smallPx, false,
            t.textMuted);

    const int elderW = std::max(t.px(300), b.buttonWidth(texts::kElderMode, ButtonStyle::primary));
    const int elderH = t.navButtonHeight;
    Widget elder;
    elder.id = "home.elder";
    elder.kind = WidgetKind::button;
    elder.rect = {t.width - t.margin - elderW, footerTop + (t.footerHeight - elderH) / 2, elderW, elderH};
    elder.fill = t.elderFill;
    elder.radius = elderH / 2;
    elder.text = texts::kElderMode;
    elder.textPx = t.buttonPx + 4;
    elder.bold = true;
    elder.textColor = t.elderText;
    elder.padding = t.px(12);
    elder.action = uiAction(UiCommand::toast, texts::kNotYetAvailable);
    b.add(std::move(elder));
}

void buildUnavailable(FrameBuilder& b) {
    const Theme& t = b.theme;
    const int top = b.header(std::nullopt);
    const int navTop = b.navBar(false, true, std::nullopt);
    const Rect body = bodyArea(b, top, navTop);
    const int w = body.w;
    const int h = b.textHeight(texts::kOutOfService, t.titlePx, true, w - 2 * t.px(48), t.px(48));
    Widget message;
    message.id = "unavailable.message";
    message.kind = WidgetKind::panel;
    message.rect = {body.x, body.y + (body.h - h) / 2, w, h};
    message.fill = t.warningFill;
    message.border = t.warningText;
    message.borderWidth = t.borderWidth;
    message.radius = t.radius;
    message.text = texts::kOutOfService;
    message.textPx = t.titlePx;
    message.bold = true;
    message.textColor = t.warningText;
    message.padding = t.px(48);
    b.add(std::move(message));
}

void addToast(FrameBuilder& b) {
    const Theme& t = b.theme;
    if (b.ui.toast.empty() || b.state.nowMs >= b.ui.toastUntilMs)
        return;
    const int px = t.buttonPx;
    const int h = std::max(t.px(120), b.lineHeight(px, true) + 2 * t.padding);
    const int w = std::min(t.width - 2 * t.margin, b.textWidth(b.ui.toast, px, true) + 2 * t.px(60));
    Widget toast;
    toast.id = "toast";
    toast.kind = WidgetKind::panel;
    toast.rect = {(t.width - w) / 2, t.height * 3 / 4 - h / 2, w, h};
    toast.fill = t.toastFill;
    toast.radius = h / 2;
    toast.text = b.ui.toast;
    toast.textPx = px;
    toast.bold = true;
    toast.textColor = t.toastText;
    toast.padding = t.padding;
    toast.floating = true;
    b.add(std::move(toast));
}

void addIdleDialog(FrameBuilder& b) {
    const Theme& t = b.theme;
    const auto& warning = b.state.idleWarning;
    if (!warning)
        return;
    for (Widget& w : b.frame().widgets) w.inert = true;
    Widget scrim;
    scrim.id = "dialog.scrim";
    scrim.kind = WidgetKind::scrim;
    scrim.rect = {0, 0, t.width, t.height};
    scrim.fill = t.scrim;
    b.add(std::move(scrim));

    const int w = std::min(t.width - 2 * t.margin, t.px(860));
    const int pad = t.px(48);
    const std::string countdown = std::to_string(warning->secondsLeft) + texts::kSecondsUntilHome;
    const int titleH = b.textHeight(texts::kStillThere, t.titlePx, true, w - 2 * pad);
    const int countH = b.textHeight(countdown, t.bodyPx + 4, false, w - 2 * pad);
    const int buttonsH = t.navButtonHeight;
    const int h = pad + titleH + t.gap + countH + t.gap * 2 + buttonsH + pad;
    const Rect box{(t.width - w) / 2, (t.height - h) / 2, w, h};
    b.panel("dialog", box, t.surface, t.px(28));
    int y = box.y + pad;
    b.label("dialog.title", {box.x + pad, y, box.w - 2 * pad, titleH}, texts::kStillThere, t.titlePx, true,
            t.text, Align::centre);
    y += titleH + t.gap;
    b.label("dialog.countdown", {box.x + pad, y, box.w - 2 * pad, countH}, countdown, t.bodyPx + 4, false,
            t.textMuted, Align::centre);
    y += countH + t.gap * 2;
    const int homeW = std::max(t.px(220), b.buttonWidth(texts::kHome, ButtonStyle::secondary));
    const int extendW = box.w - 2 * pad - homeW - t.gap;
    b.button("dialog.home", {box.x + pad, y, homeW, buttonsH}, texts::kHome, sessionAction(kiosk::ev::Home{}),
             ButtonStyle::secondary);
    b.button("dialog.extend", {box.right() - pad - extendW, y, extendW, buttonsH}, texts::kExtend,
             sessionAction(kiosk::ev::ExtendTime{}), ButtonStyle::primary);
}

}  // namespace yimen::screens
