// Theme::forScreen: the design-unit sizes scaled to the screen.
#include "screens/theme.h"

#include <cmath>

namespace yimen::screens {

int Theme::px(double units) const {
    return static_cast<int>(std::lround(units * unit));
}

Theme Theme::forScreen(int width, int height) {
    Theme t;
    t.width = width;
    t.height = height;
    t.orientation = width > height ? Orientation::landscape : Orientation::portrait;
    t.unit = (t.landscape() ? height : width) / 1080.0;
    const Theme design;  // sizes in units
    auto scale = [&](int Theme::*field) { t.*field = t.px(design.*field); };
    for (int Theme::*field :
         {&Theme::smallPx,        &Theme::bodyPx,    &Theme::buttonPx,        &Theme::valuePx,
          &Theme::keyPx,          &Theme::titlePx,   &Theme::greetingPx,      &Theme::headerTitlePx,
          &Theme::emblemPx,       &Theme::clockPx,   &Theme::tileTitlePx,     &Theme::tileBadgePx,
          &Theme::margin,         &Theme::gap,       &Theme::smallGap,        &Theme::radius,
          &Theme::padding,        &Theme::minTarget, &Theme::targetSpacing,   &Theme::headerHeight,
          &Theme::progressHeight, &Theme::navHeight, &Theme::navButtonHeight, &Theme::footerHeight,
          &Theme::borderWidth})
        scale(field);
    if (t.landscape()) {
        // A short screen: tighter bars so the body keeps its room.
        t.headerHeight = t.px(128);
        t.navHeight = t.px(150);
        t.footerHeight = t.px(150);
        t.margin = t.px(40);
    }
    return t;
}

}  // namespace yimen::screens
