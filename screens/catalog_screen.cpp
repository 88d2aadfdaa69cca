// Catalog: categories or the pinyin-initials keypad, the paged list of items, and paging.
#include <algorithm>

#include "kiosk/core/texts.h"
#include "screens/keypads.h"
#include "screens/screen_builders.h"

namespace yimen::screens {
namespace {

namespace texts = kiosk::texts;
namespace ev = kiosk::ev;

// Category chips, wrapped into rows. Returns the height used.
int categoryChips(FrameBuilder& b, Rect area) {
    const Theme& t = b.theme;
    const kiosk::SessionState& s = b.state;
    struct Chip {
        std::string id;
        std::string name;
        std::string categoryId;
    };
    std::vector<Chip> chips{{"catalog.category.all", texts::kAllCategories, ""}};
    for (const Category& c : s.catalog->categories)
        chips.push_back({"catalog.category." + c.id, c.name, c.id});
    const int h = t.minTarget;
    int x = area.x;
    int y = area.y;
    for (const Chip& chip : chips) {
        const int w = std::min(area.w, b.buttonWidth(chip.name, ButtonStyle::option));
        if (x > area.x && x + w > area.right()) {
            x = area.x;
            y += h + t.smallGap;
        }
        b.button(chip.id, {x, y, w, h}, chip.name, sessionAction(ev::SelectCategory{chip.categoryId}),
                 ButtonStyle::option, s.categoryId == chip.categoryId);
        x += w + t.smallGap;
    }
    return y + h - area.y;
}

// The initials shown so far, with 收起 on the right. Returns the height used.
int searchBar(FrameBuilder& b, Rect area) {
    const Theme& t = b.theme;
    const std::string& initials = b.state.searchInitials;
    const int closeW = b.buttonWidth(texts::kCloseSearch, ButtonStyle::secondary);
    Action close = uiAction(UiCommand::closeSearch);
    if (!initials.empty())
        close.event = ev::SearchInitials{""};
    b.button("catalog.search.close", {area.right() - closeW, area.y, closeW, t.minTarget},
             texts::kCloseSearch, std::move(close), ButtonStyle::secondary);
    const std::string shown = initials.empty() ? std::string(texts::kInitialsPrompt)
                                               : std::string(texts::kInitialsLabel) + initials;
    b.label("catalog.initials", {area.x, area.y, area.w - closeW - t.gap, t.minTarget}, shown,
            initials.empty() ? t.bodyPx : t.titlePx, !initials.empty(),
            initials.empty() ? t.textMuted : t.text);
    return t.minTarget;
}

// 上一页, 第 x / y 页, 下一页 in `area` (one row).
void pager(FrameBuilder& b, Rect area, int page, int pages) {
    const Theme& t = b.theme;
    const int bw = std::max(t.px(200), b.buttonWidth(texts::kPagePrevious, ButtonStyle::secondary));
    b.button("catalog.page.previous", {area.x, area.y, bw, area.h}, texts::kPagePrevious,
             sessionAction(ev::PagePrevious{}), ButtonStyle::secondary);
    b.button("catalog.page.next", {area.right() - bw, area.y, bw, area.h}, texts::kPageNext,
             sessionAction(ev::PageNext{}), ButtonStyle::secondary);
    b.label("catalog.page", {area.x + bw, area.y, area.w - 2 * bw, area.h},
            std::string(texts::kPagePrefix) + std::to_string(page + 1) + " / " + std::to_string(pages) +
                texts::kPageSuffix,
            t.bodyPx, false, t.text, Align::centre);
}

// The page of items as rows filling `area`.
void itemList(FrameBuilder& b, Rect area) {
    const Theme& t = b.theme;
    const kiosk::SessionState& s = b.state;
    const int pageSize = std::max(1, b.config.catalogPageSize);
    const auto items = s.pageItems(pageSize);
    if (items.empty()) {
        b.label("catalog.empty", {area.x, area.y, area.w, t.minTarget * 2}, texts::kNoItems, t.bodyPx + 4,
                false, t.textMuted, Align::centre);
        return;
    }
    const int gap = t.smallGap;
    const int nameH = b.lineHeight(t.bodyPx + 2, true);
    const int deptH = b.lineHeight(t.smallPx, false);
    const int pad = t.px(16);
    const int fitted = (area.h - (pageSize - 1) * gap) / pageSize;
    const int rowH = std::max(t.minTarget, std::min(fitted, nameH + deptH + 2 * pad + t.px(8)));
    // A row too short for two lines shows the department beside the name when there is room, else only the
    // name.
    const bool twoLines = rowH >= nameH + deptH + 2 * pad;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const Item& item = *items[i];
        const Rect r{area.x, area.y + static_cast<int>(i) * (rowH + gap), area.w, rowH};
        const std::string id = "catalog.item." + std::to_string(i);
        const std::size_t row =
            b.button(id, r, "", sessionAction(ev::SelectItem{item.id}), ButtonStyle::option);
        if (r.bottom() > area.bottom())
            b.at(row).overflow = true;  // more categories than the screen has room for pushed the list down
        const Rect inner = r.inset(t.px(28), pad);
        if (twoLines) {
            const int top = inner.y + (inner.h - nameH - deptH) / 2;
            b.label(id + ".name", {inner.x, top, inner.w, nameH}, item.name, t.bodyPx + 2, true, t.text);
            b.label(id + ".department", {inner.x, top + nameH, inner.w, deptH}, item.department, t.smallPx,
                    false, t.textMuted);
            continue;
        }
        const int deptW = b.textWidth(item.department, t.smallPx, false) + 2;
        const int nameW = b.textWidth(item.name, t.bodyPx + 2, true) + 2;
        const bool beside = nameW + t.gap + deptW <= inner.w;
        b.label(id + ".name", {inner.x, inner.y, beside ? nameW : inner.w, inner.h}, item.name, t.bodyPx + 2,
                true, t.text);
        if (beside)
            b.label(id + ".department", {inner.right() - deptW, inner.y, deptW, inner.h}, item.department,
                    t.smallPx, false, t.textMuted, Align::end);
    }
}

}  // namespace

void buildCatalog(FrameBuilder& b) {
    const Theme& t = b.theme;
    const kiosk::SessionState& s = b.state;
    const int top = b.header(0);
    const int navTop = b.navBar(true, true, std::nullopt);
    const Rect body = bodyArea(b, top, navTop);
    if (!s.catalog) {
        b.label("catalog.empty", body, texts::kNoItems, t.bodyPx, false, t.textMuted, Align::centre);
        return;
    }
    const bool searching = b.ui.searchOpen || !s.searchInitials.empty();
    const int pageSize = std::max(1, b.config.catalogPageSize);
    const int pages = std::max(1, s.pageCount(pageSize));
    const int titleH = b.lineHeight(t.titlePx, true);

    // The side with the title and the ways to narrow the list; in landscape a column of its own.
    Rect side = body;
    Rect list = body;
    if (t.landscape()) {
        side.w = t.px(680);
        list.x = side.right() + t.px(40);
        list.w = body.right() - list.x;
    }
    int y = side.y;
    if (searching) {
        y += searchBar(b, {side.x, y, side.w, t.minTarget}) + t.gap;
        y += initialsKeypad(b, {side.x, y, side.w, 0}, s.searchInitials) + t.gap;
    } else {
        const int openW = b.buttonWidth(texts::kSearchByInitials, ButtonStyle::secondary);
        const bool titleBeside = !t.landscape();
        b.label("catalog.title",
                {side.x, y, side.w - (titleBeside ? openW + t.gap : 0), std::max(titleH, t.minTarget)},
                texts::kCatalogTitle, t.titlePx, true, t.text);
        if (!titleBeside)
            y += std::max(titleH, t.minTarget) + t.smallGap;
        b.button("catalog.search", {side.right() - openW, y, openW, t.minTarget}, texts::kSearchByInitials,
                 uiAction(UiCommand::openSearch), ButtonStyle::secondary);
        y += t.minTarget + t.gap;
        y += categoryChips(b, {side.x, y, side.w, 0}) + t.gap;
    }
    if (t.landscape()) {
        if (y - t.gap > side.bottom() && !b.frame().widgets.empty())
            b.frame().widgets.back().overflow = true;
        y = list.y;
    }

    // The pager: in the body under the list, or in landscape on the nav bar's free right side.
    Rect pagerArea;
    if (t.landscape()) {
        const int w = t.px(640);
        const int h = t.navButtonHeight;
        pagerArea = {t.width - t.margin - w, navTop + (t.navHeight - h) / 2, w, h};
    } else {
        pagerArea = {list.x, list.bottom() - t.minTarget, list.w, t.minTarget};
    }
    const int listBottom = t.landscape() ? list.bottom() : pagerArea.y - t.gap;
    const Rect listArea{list.x, y, list.w, listBottom - y};
    itemList(b, listArea);
    if (listArea.h < t.minTarget && !b.frame().widgets.empty())
        b.frame().widgets.back().overflow = true;
    if (pages > 1)
        pager(b, pagerArea, s.page, pages);
}

}  // namespace yimen::screens
