// auditFrame: overflow, target size, overlap, contrast and bounds, from the widget list alone.
#include "screens/layout_audit.h"

#include <cstdio>

namespace yimen::screens {
namespace {

std::string rectText(const Rect& r) {
    return std::to_string(r.w) + "x" + std::to_string(r.h) + " at " + std::to_string(r.x) + "," +
           std::to_string(r.y);
}

// The opaque colour under widget `index`'s text.
Color backgroundOf(const Frame& frame, std::size_t index) {
    const Widget& w = frame.widgets[index];
    const Rect area = w.textArea();
    std::vector<Color> layers;  // top to bottom, until an opaque one
    if (w.fill) {
        layers.push_back(*w.fill);
    }
    for (std::size_t i = index; i-- > 0 && (layers.empty() || layers.back().a != 255);) {
        const Widget& below = frame.widgets[i];
        if (below.fill && below.rect.contains(area))
            layers.push_back(*below.fill);
    }
    Color result = frame.background;
    for (auto it = layers.rbegin(); it != layers.rend(); ++it) result = composite(*it, result);
    return result;
}

bool hasText(const Widget& w) {
    return !w.lines.empty();
}

}  // namespace

const char* toString(ProblemKind kind) {
    switch (kind) {
    case ProblemKind::overflow: return "overflow";
    case ProblemKind::smallTarget: return "small target";
    case ProblemKind::overlap: return "overlap";
    case ProblemKind::lowContrast: return "low contrast";
    case ProblemKind::offScreen: return "off screen";
    }
    return "?";
}

std::string describe(const LayoutProblem& p) {
    return std::string(toString(p.kind)) + " [" + p.widgetId + "] " + p.detail;
}

std::vector<LayoutProblem> auditFrame(const Frame& frame, const Theme& theme, TextMeasure& measure) {
    std::vector<LayoutProblem> out;
    const Rect screen{0, 0, frame.width, frame.height};
    const auto& ws = frame.widgets;
    for (std::size_t i = 0; i < ws.size(); ++i) {
        const Widget& w = ws[i];
        if (w.inert)
            continue;
        if (!screen.contains(w.rect))
            out.push_back({ProblemKind::offScreen, w.id, rectText(w.rect)});
        if (w.overflow)
            out.push_back({ProblemKind::overflow, w.id, "does not fit: \"" + w.text + "\""});
        if (hasText(w)) {
            const Rect area = w.textArea();
            for (const std::string& line : w.lines) {
                const int width = measure.textWidth(line, w.textPx, w.bold);
                if (width > area.w)
                    out.push_back({ProblemKind::overflow, w.id,
                                   "line \"" + line + "\" is " + std::to_string(width) + " px in " +
                                       std::to_string(area.w)});
            }
            const int height = static_cast<int>(w.lines.size()) * w.lineHeight;
            if (height > area.h)
                out.push_back({ProblemKind::overflow, w.id,
                               std::to_string(w.lines.size()) + " lines need " + std::to_string(height) +
                                   " px in " + std::to_string(area.h)});
            const double ratio = contrastRatio(w.textColor, backgroundOf(frame, i));
            if (ratio < theme.minContrast) {
                char buf[64];
                std::snprintf(buf, sizeof buf, "contrast %.2f:1 below %.1f:1", ratio, theme.minContrast);
                out.push_back({ProblemKind::lowContrast, w.id, buf});
            }
        }
        if (w.tappable() && (w.rect.w < theme.minTarget || w.rect.h < theme.minTarget))
            out.push_back({ProblemKind::smallTarget, w.id, rectText(w.rect)});
    }
    for (std::size_t i = 0; i < ws.size(); ++i) {
        const Widget& a = ws[i];
        if (a.inert || (!a.tappable() && !hasText(a)))
            continue;
        for (std::size_t j = i + 1; j < ws.size(); ++j) {
            const Widget& b = ws[j];
            if (b.inert || (!b.tappable() && !hasText(b)))
                continue;
            if (a.floating || b.floating)
                continue;  // a toast floats over the layout for a moment by design
            if (a.tappable() && b.tappable()) {
                if (a.rect.inflate(theme.targetSpacing).overlaps(b.rect))
                    out.push_back({ProblemKind::overlap, a.id,
                                   "closer than " + std::to_string(theme.targetSpacing) + " px to " + b.id});
                continue;
            }
            // Text may sit inside a target or a box, never across the edge of another text or target.
            if (a.rect.overlaps(b.rect) && !a.rect.contains(b.rect) && !b.rect.contains(a.rect))
                out.push_back({ProblemKind::overlap, a.id, "collides with " + b.id});
        }
    }
    return out;
}

}  // namespace yimen::screens
