// WCAG luminance and contrast, and alpha compositing of colours.
#include <cmath>

#include "screens/geometry.h"

namespace yimen::screens {
namespace {

double linear(std::uint8_t channel) {
    const double c = channel / 255.0;
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

}  // namespace

double relativeLuminance(Color c) {
    return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

double contrastRatio(Color a, Color b) {
    const double la = relativeLuminance(a);
    const double lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

Color composite(Color top, Color bottom) {
    const int alpha = top.a;
    auto mix = [alpha](std::uint8_t t, std::uint8_t b) {
        return static_cast<std::uint8_t>((t * alpha + b * (255 - alpha) + 127) / 255);
    };
    return {mix(top.r, bottom.r), mix(top.g, bottom.g), mix(top.b, bottom.b), 255};
}

}  // namespace yimen::screens
