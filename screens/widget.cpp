// Frame queries: lookup by id, hit-testing, text search.
#include "screens/widget.h"

namespace yimen::screens {

const Widget* Frame::find(std::string_view id) const {
    for (const Widget& w : widgets)
        if (w.id == id)
            return &w;
    return nullptr;
}

const Widget* Frame::hitTest(Point p) const {
    for (auto it = widgets.rbegin(); it != widgets.rend(); ++it) {
        if (!it->rect.contains(p))
            continue;
        if (it->kind == WidgetKind::scrim)
            return nullptr;
        if (it->tappable())
            return &*it;
    }
    return nullptr;
}

bool Frame::showsText(std::string_view fragment) const {
    for (const Widget& w : widgets) {
        if (w.text.find(fragment) != std::string::npos || w.data.find(fragment) != std::string::npos)
            return true;
        for (const std::string& line : w.lines)
            if (line.find(fragment) != std::string::npos)
                return true;
    }
    return false;
}

std::vector<std::string> Frame::texts() const {
    std::vector<std::string> out;
    for (const Widget& w : widgets) {
        if (!w.text.empty())
            out.push_back(w.text);
        if (!w.data.empty())
            out.push_back(w.data);
    }
    return out;
}

}  // namespace yimen::screens
