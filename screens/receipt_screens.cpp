// Submitting, Receipt and Rating: the end of the apply journey.
#include <algorithm>

#include "kiosk/core/receipt_info.h"
#include "kiosk/core/texts.h"
#include "screens/screen_builders.h"

namespace yimen::screens {
namespace {

namespace texts = kiosk::texts;
namespace ev = kiosk::ev;

}  // namespace

void buildSubmitting(FrameBuilder& b) {
    const Theme& t = b.theme;
    const int top = b.header(4);
    // No buttons: the application is being committed and cannot be cancelled half way.
    const Rect body = bodyArea(b, top, t.height);
    const int spin = t.px(200);
    const int titleH = b.textHeight(texts::kSubmitting, t.titlePx + 8, true, body.w);
    const int hintH = b.textHeight(texts::kDoNotLeave, t.bodyPx, false, body.w);
    const int blockH = spin + 2 * t.gap + titleH + t.gap + hintH;
    int y = body.y + (body.h - blockH) / 2;
    Widget spinner;
    spinner.id = "submitting.spinner";
    spinner.kind = WidgetKind::spinner;
    spinner.rect = {(t.width - spin) / 2, y, spin, spin};
    spinner.fill = t.primaryFill;
    spinner.level = static_cast<int>((b.state.nowMs / 125) % 8);
    b.add(std::move(spinner));
    y += spin + 2 * t.gap;
    b.label("submitting.title", {body.x, y, body.w, titleH}, texts::kSubmitting, t.titlePx + 8, true, t.text,
            Align::centre);
    y += titleH + t.gap;
    b.label("submitting.hint", {body.x, y, body.w, hintH}, texts::kDoNotLeave, t.bodyPx, false, t.textMuted,
            Align::centre);
}

void buildReceipt(FrameBuilder& b) {
    const Theme& t = b.theme;
    const kiosk::SessionState& s = b.state;
    const int top = b.header(5);
    const int navTop = b.navBar(false, true, FrameBuilder::Primary{"receipt.done", texts::kDone, ev::Next{}});
    const Rect body = bodyArea(b, top, navTop);
    if (!s.receipt) {
        b.label("receipt.missing", body, texts::kSubmitting, t.bodyPx, false, t.textMuted, Align::centre);
        return;
    }
    const kiosk::ReceiptInfo& r = *s.receipt;
    // Portrait: one column. Landscape: the receipt's details on the left; its status and QR code on the
    // right.
    Rect left = body;
    Rect right = body;
    const int qrSize = t.landscape() ? t.px(300) : t.px(340);
    if (t.landscape()) {
        right.w = t.px(760);
        right.x = body.right() - right.w;
        left.w = right.x - t.px(48) - body.x;
    }
    FrameBuilder::Column c{left.x, left.y, left.w, left.bottom()};
    b.flowText(c, "receipt.title", texts::kReceiptTitle, t.titlePx, true, t.text);
    FrameBuilder::Column status =
        t.landscape() ? FrameBuilder::Column{right.x, right.y, right.w, right.bottom()} : c;
    if (r.delivery == kiosk::Delivery::delivered)
        b.flowBanner(status, "receipt.delivery", texts::kDelivered, t.successFill, t.successText);
    else if (r.delivery == kiosk::Delivery::queued)
        b.flowBanner(status, "receipt.delivery", texts::kQueued, t.warningFill, t.warningText);
    switch (s.printState) {
    case kiosk::PrintState::notStarted: break;
    case kiosk::PrintState::printing:
        b.flowBanner(status, "receipt.print", texts::kPrinting, t.infoFill, t.infoText);
        break;
    case kiosk::PrintState::printed:
        b.flowBanner(status, "receipt.print", s.printMessage.empty() ? texts::kPrinted : s.printMessage,
                     t.successFill, t.successText);
        break;
    case kiosk::PrintState::failed:
        b.flowBanner(status, "receipt.print", s.printMessage + "\n" + texts::kPrintFailedAdvice, t.dangerFill,
                     t.dangerText, t.dangerBorder);
        break;
    }
    if (!t.landscape())
        c = status;
    c.y += t.smallGap;
    b.flowText(c, "receipt.number", labelled(texts::kReceiptNo, r.receiptNo), t.valuePx, true, t.text);
    b.flowText(c, "receipt.queryCode", labelled(texts::kQueryCode, r.queryCode), t.valuePx, true, t.text);
    b.flowText(c, "receipt.item", labelled(texts::kItemLabel, r.itemName), t.bodyPx, false, t.text);
    if (!r.department.empty())
        b.flowText(c, "receipt.department", labelled(texts::kDepartment, r.department), t.bodyPx, false,
                   t.text);
    if (r.timeLimitDays > 0)
        b.flowText(c, "receipt.timeLimit",
                   labelled(texts::kTimeLimit, std::to_string(r.timeLimitDays) + texts::kWorkingDays),
                   t.bodyPx, false, t.text);
    if (!r.maskedIdNumber.empty())
        b.flowText(c, "receipt.applicant", labelled(texts::kApplicantId, r.maskedIdNumber), t.bodyPx, false,
                   t.text);
    if (!r.issuedAt.empty())
        b.flowText(c, "receipt.issuedAt", labelled(texts::kIssuedAt, r.issuedAt), t.bodyPx, false, t.text);

    FrameBuilder::Column q = t.landscape() ? status : c;
    q.y += t.smallGap;
    const Rect qrRect = b.take(q, qrSize);
    Widget qr;
    qr.id = "receipt.qr";
    qr.kind = WidgetKind::qr;
    qr.rect = {q.x + (q.w - qrSize) / 2, qrRect.y, qrSize, qrSize};
    qr.fill = t.qrLight;
    qr.data = kiosk::receiptQrPayload(r.receiptNo, r.queryCode);
    const std::size_t qrIndex = b.add(std::move(qr));
    if (qrRect.bottom() > q.bottom)
        b.at(qrIndex).overflow = true;
    b.flowText(q, "receipt.qr.caption", texts::kScanToTrack, t.bodyPx, false, t.textMuted, Align::centre);
    FrameBuilder::Column k = t.landscape() ? c : q;
    b.flowText(k, "receipt.keep", texts::kKeepReceipt, t.smallPx, false, t.textMuted);
}

void buildRating(FrameBuilder& b) {
    const Theme& t = b.theme;
    const int top = b.header(5);
    const int navTop = b.navBar(
        true, false,
        FrameBuilder::Primary{"rating.skip", texts::kSkipRating, ev::SkipRating{}, ButtonStyle::secondary});
    const Rect body = bodyArea(b, top, navTop);
    FrameBuilder::Column c{body.x, body.y, body.w, body.bottom()};
    b.flowText(c, "rating.question", texts::kRatingQuestion, t.titlePx + 8, true, t.text, Align::centre);
    c.y += t.gap;
    ratingLevels(b, {body.x, c.y, body.w, body.bottom() - c.y}, "rating");
}

void ratingLevels(FrameBuilder& b, Rect area, const std::string& idPrefix) {
    const Theme& t = b.theme;
    const int gap = t.gap;
    const int wordPx = t.buttonPx;
    const int wordH = b.lineHeight(wordPx, true);
    // Best first: 非常满意 at the top (portrait) or on the left (landscape).
    for (int n = 0; n < 5; ++n) {
        const int level = 5 - n;
        const std::string id = idPrefix + "." + std::to_string(level);
        Rect r;
        Rect faceRect;
        Rect wordRect;
        if (t.landscape()) {
            const int w = (area.w - 4 * gap) / 5;
            r = {area.x + n * (w + gap), area.y, w, std::min(area.h, t.px(460))};
            const int face = std::min(w - 2 * t.padding, r.h - wordH - 3 * t.padding);
            faceRect = {r.x + (w - face) / 2, r.y + t.padding, face, face};
            wordRect = {r.x + t.px(8), faceRect.bottom() + t.padding, w - t.px(16), wordH};
        } else {
            const int h = std::min(t.px(200), (area.h - 4 * gap) / 5);
            r = {area.x, area.y + n * (h + gap), area.w, h};
            const int face = h - 2 * t.px(16);
            faceRect = {r.x + t.px(40), r.y + t.px(16), face, face};
            wordRect = {faceRect.right() + t.px(40), r.y, r.right() - faceRect.right() - t.px(80), h};
        }
        b.button(id, r, "", sessionAction(ev::Rate{level}), ButtonStyle::option);
        Widget face;
        face.id = id + ".face";
        face.kind = WidgetKind::face;
        face.rect = faceRect;
        face.fill = t.faceFills[static_cast<std::size_t>(level - 1)];
        face.textColor = t.faceInk;
        face.level = level;
        b.add(std::move(face));
        b.label(id + ".word", wordRect, texts::kRatingLevels[level - 1], wordPx, true, t.text,
                t.landscape() ? Align::centre : Align::start);
    }
}

}  // namespace yimen::screens
