// Review: every answer with its 修改 button, paged when the rows do not fit; 提交申请.
#include <algorithm>

#include "kiosk/core/texts.h"
#include "screens/field_entry.h"
#include "screens/screen_builders.h"

namespace yimen::screens {
namespace {

namespace texts = kiosk::texts;
namespace ev = kiosk::ev;

constexpr const char* kReviewList = "review";

struct Placement {
    int page = 0;
    int column = 0;
    int y = 0;  // from the top of the column
};

// Greedy placement of rows of the given heights into pages of `columns` columns `height` tall.
std::vector<Placement> placeRows(const std::vector<int>& heights, int columns, int height, int gap) {
    std::vector<Placement> out;
    Placement at;
    for (int h : heights) {
        if (at.y > 0 && at.y + h > height) {
            at.y = 0;
            if (++at.column == columns) {
                at.column = 0;
                ++at.page;
            }
        }
        out.push_back(at);
        at.y += h + gap;
    }
    return out;
}

}  // namespace

void buildReview(FrameBuilder& b) {
    const Theme& t = b.theme;
    const kiosk::SessionState& s = b.state;
    const int top = b.header(4);
    const int navTop =
        b.navBar(true, true, FrameBuilder::Primary{"review.submit", texts::kSubmit, ev::Submit{}});
    const Rect body = bodyArea(b, top, navTop);
    const Item* item = s.item();
    if (!item) {
        b.label("review.missing", body, texts::kNoItems, t.bodyPx, false, t.textMuted, Align::centre);
        return;
    }
    FrameBuilder::Column c{body.x, body.y, body.w, body.bottom()};
    b.flowText(c, "review.title", texts::kReviewTitle, t.titlePx, true, t.text);
    b.flowText(c, "review.item", item->name, t.bodyPx, false, t.textMuted);
    if (!s.submitError.empty())
        b.flowBanner(c, "review.error", s.submitError, t.dangerFill, t.dangerText, t.dangerBorder);
    c.y += t.smallGap;

    const int columns = t.landscape() ? 2 : 1;
    const int colGap = t.px(40);
    const int gap = t.smallGap;
    const int colW = (body.w - (columns - 1) * colGap) / columns;
    const int pad = t.px(12);
    const int editW = std::max(t.px(160), b.buttonWidth(texts::kEdit, ButtonStyle::secondary));
    // Label on the left, answer in the middle, 修改 on the right: one line for most answers.
    int widestLabel = 0;
    for (const FieldSpec& f : item->fields)
        widestLabel = std::max(widestLabel, b.textWidth(f.label, t.smallPx, false));
    const int labelW = std::clamp(widestLabel + 2, t.px(160), colW * 30 / 100);
    const int valueW = colW - 2 * pad - labelW - t.gap - editW - t.gap;

    struct Row {
        const FieldSpec* field;
        std::string value;
        bool answered;
        int height;
    };
    std::vector<Row> rows;
    std::vector<int> heights;
    for (const FieldSpec& f : item->fields) {
        auto it = s.answers.find(f.id);
        const bool answered = it != s.answers.end() && !it->second.empty();
        Row row{&f, answered ? displayValue(f.type, it->second) : std::string(texts::kNotAnswered), answered,
                0};
        const int valueH = b.textHeight(row.value, t.bodyPx, answered, valueW);
        const int labelH = b.textHeight(f.label, t.smallPx, false, labelW);
        row.height = std::max(t.minTarget, std::max(valueH, labelH)) + 2 * pad;
        heights.push_back(row.height);
        rows.push_back(std::move(row));
    }

    Rect area{body.x, c.y, body.w, body.bottom() - c.y};
    std::vector<Placement> placed = placeRows(heights, columns, area.h, gap);
    const bool paged = !placed.empty() && placed.back().page > 0;
    if (paged) {
        area.h -= t.minTarget + t.gap;
        placed = placeRows(heights, columns, area.h, gap);
    }
    const int pages = placed.empty() ? 1 : placed.back().page + 1;
    int page = 0;
    if (auto it = b.ui.pages.find(kReviewList); it != b.ui.pages.end())
        page = std::clamp(it->second, 0, pages - 1);

    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (placed[i].page != page)
            continue;
        const Row& row = rows[i];
        const std::string& fid = row.field->id;
        const Rect r{area.x + placed[i].column * (colW + colGap), area.y + placed[i].y, colW, row.height};
        const std::size_t card = b.panel("review.row." + fid, r, t.surface, t.radius, t.border);
        if (r.bottom() > area.bottom())
            b.at(card).overflow = true;
        const Rect inner = r.inset(pad, pad);
        b.label("review.label." + fid, {inner.x, inner.y, labelW, inner.h}, row.field->label, t.smallPx,
                false, t.textMuted);
        b.label("review.value." + fid, {inner.x + labelW + t.gap, inner.y, valueW, inner.h}, row.value,
                t.bodyPx, row.answered, row.answered ? t.text : t.textMuted);
        b.button("review.edit." + fid,
                 {r.right() - pad - editW, r.y + (r.h - t.minTarget) / 2, editW, t.minTarget}, texts::kEdit,
                 sessionAction(ev::EditField{fid}), ButtonStyle::secondary);
    }
    if (!paged)
        return;
    const int y = area.bottom() + t.gap;
    const int bw = std::max(t.px(200), b.buttonWidth(texts::kPagePrevious, ButtonStyle::secondary));
    b.button("review.page.previous", {body.x, y, bw, t.minTarget}, texts::kPagePrevious,
             uiAction(UiCommand::showPage, kReviewList, std::max(0, page - 1)), ButtonStyle::secondary);
    b.button("review.page.next", {body.right() - bw, y, bw, t.minTarget}, texts::kPageNext,
             uiAction(UiCommand::showPage, kReviewList, std::min(pages - 1, page + 1)),
             ButtonStyle::secondary);
    b.label("review.page", {body.x + bw, y, body.w - 2 * bw, t.minTarget},
            std::string(texts::kPagePrefix) + std::to_string(page + 1) + " / " + std::to_string(pages) +
                texts::kPageSuffix,
            t.bodyPx, false, t.text, Align::centre);
}

}  // namespace yimen::screens
