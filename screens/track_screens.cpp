// The track journey's screens: scan the receipt, or type it; the wait; the application's timeline.
#include <algorithm>
#include <cstdio>

#include "kiosk/core/receipt_info.h"
#include "kiosk/core/texts.h"
#include "screens/keypads.h"
#include "screens/screen_builders.h"

namespace yimen::screens {
namespace {

namespace texts = kiosk::texts;
namespace ev = kiosk::ev;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t daysFromCivil(int y, int m, int d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

// "2026-11-29T06:30:00Z" (UTC, as the platform writes it) as the kiosk's local "2026-11-29 14:30"; a time the
// kiosk cannot read is shown as the platform wrote it.
std::string localTime(const std::string& iso, int utcOffsetMinutes) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0;
    if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) != 5 || mo < 1 || mo > 12 ||
        d < 1 || d > 31 || h > 23 || mi > 59 || iso.back() != 'Z')
        return iso;
    const std::int64_t minutes = (daysFromCivil(y, mo, d) * 24 + h) * 60 + mi + utcOffsetMinutes;
    const std::int64_t days = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440;
    const int minuteOfDay = static_cast<int>(minutes - days * 1440);
    // civil_from_days
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const int year = static_cast<int>(yoe + era * 400 + (month <= 2));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", year, month, day, minuteOfDay / 60,
                  minuteOfDay % 60);
    return buf;
}

// The centred title, hint and message of a screen with nothing else in its body.
void messageBlock(FrameBuilder& b, Rect body, const std::string& id, const char* badgeText, const char* title,
                  const char* hint, const std::string& message) {
    const Theme& t = b.theme;
    const int badge = std::min(t.px(220), body.h / 4);
    const int titleH = b.textHeight(title, t.titlePx + 8, true, body.w);
    const int hintH = hint ? b.textHeight(hint, t.bodyPx, false, body.w) + t.gap : 0;
    const int errorH =
        message.empty() ? 0 : b.textHeight(message, t.bodyPx, false, body.w, t.padding) + t.gap;
    FrameBuilder::Column c{body.x,
                           body.y + std::max(0, (body.h - badge - 2 * t.gap - titleH - hintH - errorH) / 2),
                           body.w, body.bottom()};
    const Rect at = b.take(c, badge);
    Widget icon;
    icon.id = id + ".badge";
    icon.kind = WidgetKind::badge;
    icon.rect = {body.x + (body.w - badge) / 2, at.y, badge, badge};
    icon.fill = t.primaryFill;
    icon.radius = badge / 2;
    icon.text = badgeText;
    icon.textPx = std::min(t.tileBadgePx * 2, badge / 2);
    icon.bold = true;
    icon.textColor = t.primaryText;
    b.add(std::move(icon));
    c.y += 2 * t.gap;
    b.flowText(c, id + ".title", title, t.titlePx + 8, true, t.text, Align::centre);
    if (hint) {
        c.y += t.gap - t.smallGap;
        b.flowText(c, id + ".hint", hint, t.bodyPx, false, t.textMuted, Align::centre);
    }
    if (!message.empty()) {
        c.y += t.gap - t.smallGap;
        b.flowBanner(c, id + ".error", message, t.dangerFill, t.dangerText, t.dangerBorder);
    }
}

}  // namespace

void buildTrackScan(FrameBuilder& b) {
    const int top = b.header(std::nullopt);
    const int navTop = b.navBar(
        true, true,
        FrameBuilder::Primary{"track.type", texts::kTypeReceipt, ev::TypeReceipt{}, ButtonStyle::secondary});
    const bool rating = b.state.trackPurpose == kiosk::TrackPurpose::rate;
    messageBlock(b, bodyArea(b, top, navTop), "track", texts::kTileBadges[rating ? 5 : 1],
                 rating ? texts::kScanToRate : texts::kScanReceiptPrompt, texts::kScanReceiptHint,
                 b.state.trackMessage);
}

void buildTrackEntry(FrameBuilder& b) {
    const Theme& t = b.theme;
    const kiosk::SessionState& s = b.state;
    const bool receipt = s.trackEntry == kiosk::TrackEntry::receiptNo;
    const int top = b.header(std::nullopt);
    const int navTop = b.navBar(
        true, true, FrameBuilder::Primary{"track.next", receipt ? texts::kNext : texts::kLookUp, ev::Next{}});
    const Rect body = bodyArea(b, top, navTop);

    Rect words = body;
    Rect keys = body;
    const int keypadH = fieldKeypadHeight(b, std::min(body.w, t.px(900)), FieldType::phone);
    if (t.landscape()) {
        words.w = body.w / 2 - t.gap;
        keys.x = words.right() + 2 * t.gap;
        keys.w = body.right() - keys.x;
    } else {
        keys.y = body.bottom() - keypadH;
        keys.h = keypadH;
        words.h = keys.y - t.gap - body.y;
    }
    FrameBuilder::Column c{words.x, words.y, words.w, words.bottom()};
    b.flowText(c, "track.entry.title", receipt ? texts::kEnterReceiptNo : texts::kEnterQueryCode, t.titlePx,
               true, t.text);
    if (!receipt)
        b.flowText(c, "track.entry.receipt", labelled(texts::kReceiptNo, s.trackReceiptNo), t.bodyPx, false,
                   t.textMuted);
    c.y += t.smallGap;
    const std::string shown = receipt ? "YM " + s.trackDraft : s.trackDraft;
    const int valueH = b.lineHeight(t.valuePx, true) + 2 * t.padding;
    const Rect valueRect = b.take(c, valueH);
    b.panel("track.entry.box", valueRect, t.surface, t.radius, t.border);
    b.label("track.entry.value",
            {valueRect.x + t.padding, valueRect.y, valueRect.w - 2 * t.padding, valueRect.h}, shown,
            t.valuePx, true, t.text);
    c.y += t.gap;
    if (!s.trackMessage.empty())
        b.flowBanner(c, "track.entry.error", s.trackMessage, t.dangerFill, t.dangerText, t.dangerBorder);

    const int w = std::min(keys.w, t.px(900));
    const Rect pad{keys.x + (keys.w - w) / 2,
                   t.landscape() ? keys.y + std::max(0, (keys.h - keypadH) / 2) : keys.y, w, keypadH};
    digitKeypad(b, pad, s.trackDraft, receipt ? 14 : 6);
}

void buildTrackWaiting(FrameBuilder& b) {
    const int top = b.header(std::nullopt);
    const int navTop = b.navBar(false, true, std::nullopt);
    messageBlock(b, bodyArea(b, top, navTop), "track.waiting", texts::kTileBadges[1], texts::kLookingUp,
                 nullptr, {});
}

void buildTrackResult(FrameBuilder& b) {
    const Theme& t = b.theme;
    const kiosk::SessionState& s = b.state;
    const int top = b.header(std::nullopt);
    const int navTop = b.navBar(true, true, FrameBuilder::Primary{"track.done", texts::kDone, ev::Next{}});
    const Rect body = bodyArea(b, top, navTop);
    if (!s.trackResult) {
        b.label("track.missing", body, texts::kLookingUp, t.bodyPx, false, t.textMuted, Align::centre);
        return;
    }
    const api::ApplicationStatus& a = *s.trackResult;
    const int offset = b.config.utcOffsetMinutes;
    Rect left = body;
    Rect right = body;
    if (t.landscape()) {
        left.w = body.w / 2 - t.gap;
        right.x = left.right() + 2 * t.gap;
        right.w = body.right() - right.x;
    }
    FrameBuilder::Column c{left.x, left.y, left.w, left.bottom()};
    b.flowText(c, "track.item", a.itemName.empty() ? texts::kTrackTitle : a.itemName, t.titlePx, true,
               t.text);
    b.flowText(c, "track.receipt", labelled(texts::kReceiptNo, a.receiptNo), t.bodyPx, false, t.text);
    if (!a.department.empty())
        b.flowText(c, "track.department", labelled(texts::kDepartment, a.department), t.bodyPx, false,
                   t.text);
    if (!a.promisedBy.empty())
        b.flowText(c, "track.promised", labelled(texts::kPromisedBy, a.promisedBy), t.bodyPx, false, t.text);
    c.y += t.smallGap;

    // The state now, in words and colour; a rejection or a refusal says why and what to do.
    const std::string state = labelled(texts::kCurrentState, a.statusText);
    std::string detail;
    if (a.refusal) {
        detail = labelled(texts::kReason, a.refusal->message) + "\n" +
                 labelled(texts::kWhatNext, a.refusal->nextStep);
    } else if (!a.timeline.empty() && a.status == "rejected") {
        const api::TimelineEntry& last = a.timeline.back();
        if (!last.note.empty())
            detail = labelled(texts::kReason, last.note);
        if (!last.nextStep.empty())
            detail += (detail.empty() ? "" : "\n") + labelled(texts::kWhatNext, last.nextStep);
    }
    const bool bad = a.status == "rejected" || a.status == "refused";
    const bool done = a.status == "completed";
    b.flowBanner(c, "track.state", detail.empty() ? state : state + "\n" + detail,
                 bad    ? t.dangerFill
                 : done ? t.successFill
                        : t.infoFill,
                 bad    ? t.dangerText
                 : done ? t.successText
                        : t.infoText,
                 bad ? std::optional(t.dangerBorder) : std::nullopt);

    // The timeline, oldest first, the current step marked.
    FrameBuilder::Column r =
        t.landscape() ? FrameBuilder::Column{right.x, right.y, right.w, right.bottom()} : c;
    if (!t.landscape())
        r.y += t.gap;
    const int dot = t.px(28);
    for (std::size_t i = 0; i < a.timeline.size(); ++i) {
        const api::TimelineEntry& e = a.timeline[i];
        const bool current = i + 1 == a.timeline.size();
        const std::string id = "track.step." + std::to_string(i);
        std::string line = e.text + "  " + localTime(e.at, offset);
        if (!e.department.empty())
            line += "\n" + e.department;
        const int textX = r.x + dot + t.gap;
        const int h = b.textHeight(line, current ? t.bodyPx + 4 : t.bodyPx, current, r.x + r.w - textX);
        const Rect row = b.take(r, h);
        b.panel(id + ".dot", {r.x, row.y + (b.lineHeight(t.bodyPx, current) - dot) / 2, dot, dot},
                current ? t.primaryFill : t.progressPending, dot / 2);
        b.label(id, {textX, row.y, r.x + r.w - textX, h}, line, current ? t.bodyPx + 4 : t.bodyPx, current,
                current ? t.primaryFill : t.text);
        r.y += t.smallGap;
    }
}

}  // namespace yimen::screens
