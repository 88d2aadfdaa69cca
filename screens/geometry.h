// Rectangles, points and colours in screen pixels: the vocabulary of layout, hit-testing and drawing.
#pragma once

#include <algorithm>
#include <cstdint>

namespace yimen::screens {

struct Point {
    int x = 0;
    int y = 0;
};

struct Rect {
    int x = 0;
    int y = 0;
    int w = 0;
    int h = 0;

    int right() const { return x + w; }
    int bottom() const { return y + h; }
    Point centre() const { return {x + w / 2, y + h / 2}; }
    bool contains(Point p) const { return p.x >= x && p.x < right() && p.y >= y && p.y < bottom(); }
    bool contains(const Rect& r) const {
        return r.x >= x && r.y >= y && r.right() <= right() && r.bottom() <= bottom();
    }
    // True when the two rectangles share some area (touching edges do not count).
    bool overlaps(const Rect& r) const {
        return x < r.right() && r.x < right() && y < r.bottom() && r.y < bottom();
    }
    Rect inset(int dx, int dy) const {
        return {x + dx, y + dy, std::max(0, w - 2 * dx), std::max(0, h - 2 * dy)};
    }
    Rect inflate(int d) const { return {x - d, y - d, w + 2 * d, h + 2 * d}; }
    friend bool operator==(const Rect&, const Rect&) = default;
};

// sRGB colour with alpha; alpha 255 is opaque.
struct Color {
    std::uint8_t r = 0;
    std::uint8_t g = 0;
    std::uint8_t b = 0;
    std::uint8_t a = 255;
    friend bool operator==(const Color&, const Color&) = default;
};

// 0xRRGGBB as an opaque colour.
constexpr Color rgb(std::uint32_t hex) {
    return {static_cast<std::uint8_t>(hex >> 16), static_cast<std::uint8_t>(hex >> 8),
            static_cast<std::uint8_t>(hex), 255};
}

// WCAG 2 relative luminance of an opaque colour (its alpha is ignored), 0 for black to 1 for white.
double relativeLuminance(Color c);
// WCAG 2 contrast ratio of two opaque colours, from 1 (same) to 21 (black on white).
double contrastRatio(Color a, Color b);
// `top` composited over the opaque `bottom` by top's alpha: the colour a viewer actually sees.
Color composite(Color top, Color bottom);

}  // namespace yimen::screens
