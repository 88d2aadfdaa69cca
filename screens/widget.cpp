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

std::size_t Frame::signature() const {
    std::size_t h = 0;
    auto mix = [&h](std::size_t v) { h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
    auto colour = [](Color c) {
        return (std::size_t{c.r} << 24) | (std::size_t{c.g} << 16) | (std::size_t{c.b} << 8) | c.a;
    };
    const std::hash<std::string> str;
    mix(static_cast<std::size_t>(width));
    mix(static_cast<std::size_t>(height));
    mix(colour(background));
    for (const Widget& w : widgets) {
        mix(str(w.id));
        mix(static_cast<std::size_t>(w.kind));
        for (int v : {w.rect.x, w.rect.y, w.rect.w, w.rect.h, w.radius, w.borderWidth, w.textPx, w.level})
            mix(static_cast<std::size_t>(v));
        mix(w.fill ? colour(*w.fill) : 1);
        mix(w.border ? colour(*w.border) : 1);
        mix(colour(w.textColor));
        mix(str(w.text));
        mix(str(w.data));
        for (const auto& stroke : w.strokes) {
            mix(stroke.size());
            for (const Point& pt : stroke)
                mix((static_cast<std::size_t>(pt.x) << 20) ^ static_cast<std::size_t>(pt.y));
        }
        mix((w.bold ? 1u : 0u) | (w.inert ? 2u : 0u) | (w.selected ? 4u : 0u));
    }
    return h;
}

}  // namespace yimen::screens
