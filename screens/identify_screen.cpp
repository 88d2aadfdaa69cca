// Identify: "请将身份证放在感应区" with a drawing of the card on the reader, and why the last read failed.
#include "kiosk/core/texts.h"
#include "screens/screen_builders.h"

namespace yimen::screens {

namespace texts = kiosk::texts;

void buildIdentify(FrameBuilder& b) {
    const Theme& t = b.theme;
    const kiosk::SessionState& s = b.state;
    const int top = b.header(2);
    const int navTop = b.navBar(true, true, std::nullopt);
    const Rect body = bodyArea(b, top, navTop);

    Rect picture = body;
    Rect words = body;
    if (t.landscape()) {
        picture.w = body.w / 2 - t.gap;
        words.x = picture.right() + 2 * t.gap;
        words.w = body.right() - words.x;
    }
    const int titleH = b.textHeight(texts::kPlaceCard, t.titlePx + 8, true, words.w);
    const int hintH = b.textHeight(texts::kPlaceCardHint, t.bodyPx, false, words.w);
    const int errorH = s.identifyMessage.empty()
                           ? 0
                           : b.textHeight(s.identifyMessage, t.bodyPx, false, words.w, t.padding) + t.gap;
    const int textH = titleH + t.gap + hintH + errorH;

    int pictureH =
        t.landscape() ? std::min(body.h, t.px(560)) : std::min(t.px(640), body.h - textH - 2 * t.gap);
    const int pictureW = std::min(picture.w, pictureH * 5 / 4);
    pictureH = pictureW * 4 / 5;
    const int blockTop = t.landscape() ? body.y + (body.h - pictureH) / 2
                                       : body.y + (body.h - pictureH - 2 * t.gap - textH) / 2;
    Widget reader;
    reader.id = "identify.picture";
    reader.kind = WidgetKind::cardReader;
    reader.rect = {picture.x + (picture.w - pictureW) / 2, blockTop, pictureW, pictureH};
    b.add(std::move(reader));

    const int textTop = t.landscape() ? body.y + (body.h - textH) / 2 : blockTop + pictureH + 2 * t.gap;
    FrameBuilder::Column c{words.x, textTop, words.w, body.bottom()};
    b.flowText(c, "identify.title", texts::kPlaceCard, t.titlePx + 8, true, t.text, Align::centre);
    c.y += t.gap - t.smallGap;
    b.flowText(c, "identify.hint", texts::kPlaceCardHint, t.bodyPx, false, t.textMuted, Align::centre);
    if (!s.identifyMessage.empty()) {
        c.y += t.gap - t.smallGap;
        b.flowBanner(c, "identify.error", s.identifyMessage, t.dangerFill, t.dangerText, t.dangerBorder);
    }
}

}  // namespace yimen::screens
