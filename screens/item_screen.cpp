// Item: what the service is, who handles it, how long it takes and which materials to bring; 开始办理.
#include "kiosk/core/texts.h"
#include "screens/screen_builders.h"

namespace yimen::screens {

namespace texts = kiosk::texts;

void buildItem(FrameBuilder& b) {
    const Theme& t = b.theme;
    const Item* item = b.state.item();
    const int top = b.header(1);
    const int navTop =
        b.navBar(true, true, FrameBuilder::Primary{"item.start", texts::kStartItem, kiosk::ev::StartItem{}});
    const Rect body = bodyArea(b, top, navTop);
    if (!item) {
        b.label("item.missing", body, texts::kNoItems, t.bodyPx, false, t.textMuted, Align::centre);
        return;
    }
    Rect left = body;
    Rect right = body;
    if (t.landscape()) {
        left.w = (body.w - t.px(48)) * 11 / 20;
        right.x = left.right() + t.px(48);
        right.w = body.right() - right.x;
    }
    FrameBuilder::Column c{left.x, left.y, left.w, left.bottom()};
    b.flowText(c, "item.name", item->name, t.titlePx, true, t.text);
    if (!item->summary.empty())
        b.flowText(c, "item.summary", item->summary, t.bodyPx, false, t.text);
    c.y += t.smallGap;
    if (item->timeLimitDays > 0)
        b.flowText(c, "item.timeLimit",
                   std::string(texts::kTimeLimit) + texts::kLabelSeparator +
                       std::to_string(item->timeLimitDays) + texts::kWorkingDays,
                   t.bodyPx, true, t.text);
    if (!item->department.empty())
        b.flowText(c, "item.department",
                   std::string(texts::kDepartment) + texts::kLabelSeparator + item->department, t.bodyPx,
                   true, t.text);

    if (item->materials.empty())
        return;
    FrameBuilder::Column m = c;
    if (t.landscape())
        m = {right.x, right.y, right.w, right.bottom()};
    else
        m.y += t.gap;
    b.flowText(m, "item.materials", texts::kMaterials, t.bodyPx + 8, true, t.text);
    for (std::size_t i = 0; i < item->materials.size(); ++i) {
        const Material& material = item->materials[i];
        const std::string id = "item.material." + std::to_string(i);
        b.flowText(m, id, std::to_string(i + 1) + ". " + material.name, t.bodyPx, true, t.text);
        if (!material.note.empty())
            b.flowText(m, id + ".note", material.note, t.smallPx, false, t.textMuted);
    }
}

}  // namespace yimen::screens
