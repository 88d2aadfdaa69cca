// The rate journey's screens: five levels for the application found, and the reasons of a 不满意.
#include <algorithm>
#include <iterator>

#include "kiosk/core/texts.h"
#include "screens/screen_builders.h"

namespace yimen::screens {
namespace {

namespace texts = kiosk::texts;
namespace ev = kiosk::ev;

}  // namespace

void buildRateLevel(FrameBuilder& b) {
    const Theme& t = b.theme;
    const kiosk::SessionState& s = b.state;
    const int top = b.header(std::nullopt);
    const int navTop = b.navBar(true, true, std::nullopt);
    const Rect body = bodyArea(b, top, navTop);
    FrameBuilder::Column c{body.x, body.y, body.w, body.bottom()};
    if (s.trackResult) {
        b.flowText(c, "rate.item", s.trackResult->itemName, t.bodyPx + 4, true, t.text, Align::centre);
        b.flowText(c, "rate.receipt", labelled(texts::kReceiptNo, s.trackResult->receiptNo), t.bodyPx, false,
                   t.textMuted, Align::centre);
        c.y += t.smallGap;
    }
    b.flowText(c, "rate.question", texts::kRateQuestion, t.titlePx + 8, true, t.text, Align::centre);
    c.y += t.gap;
    ratingLevels(b, {body.x, c.y, body.w, body.bottom() - c.y}, "rate");
}

void buildRateReasons(FrameBuilder& b) {
    const Theme& t = b.theme;
    const kiosk::SessionState& s = b.state;
    const int top = b.header(std::nullopt);
    const int navTop =
        b.navBar(true, true, FrameBuilder::Primary{"rate.submit", texts::kSubmitRating, ev::Submit{}});
    const Rect body = bodyArea(b, top, navTop);
    FrameBuilder::Column c{body.x, body.y, body.w, body.bottom()};
    const int level = s.rateLevel >= 1 && s.rateLevel <= 5 ? s.rateLevel : 1;
    b.flowText(c, "rate.level", texts::kRatingLevels[level - 1], t.bodyPx + 4, true, t.textMuted);
    b.flowText(c, "rate.reasons.title", texts::kRateReasonsTitle, t.titlePx, true, t.text);
    if (!s.rateMessage.empty())
        b.flowBanner(c, "rate.reasons.error", s.rateMessage, t.dangerFill, t.dangerText, t.dangerBorder);
    c.y += t.gap;

    // Two columns of reasons (three in landscape), each a button that is ticked while chosen.
    const int columns = t.landscape() ? 3 : 2;
    const int count = static_cast<int>(std::size(texts::kRatingReasons));
    const int rows = (count + columns - 1) / columns;
    const int gap = t.gap;
    const int w = (c.w - (columns - 1) * gap) / columns;
    const int h = std::min(t.px(150), (c.bottom - c.y - (rows - 1) * gap) / rows);
    for (int i = 0; i < count; ++i) {
        const bool chosen = std::find(s.rateReasons.begin(), s.rateReasons.end(), i) != s.rateReasons.end();
        const Rect r{c.x + (i % columns) * (w + gap), c.y + (i / columns) * (h + gap), w, h};
        const std::string text = std::string(chosen ? "✓ " : "") + texts::kRatingReasons[i];
        b.button("rate.reason." + std::to_string(i), r, text, sessionAction(ev::ToggleReason{i}),
                 ButtonStyle::option, chosen);
    }
}

}  // namespace yimen::screens
