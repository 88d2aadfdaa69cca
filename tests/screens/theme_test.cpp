// Tests for screens/theme and colour: WCAG contrast, sizes that scale with the screen, the minimums of the
// issue.
#include "screens/theme.h"

#include <catch2/catch.hpp>

using namespace yimen::screens;

TEST_CASE("contrast is computed as WCAG defines it", "[theme]") {
    CHECK(contrastRatio(rgb(0x000000), rgb(0xffffff)) == Approx(21.0));
    CHECK(contrastRatio(rgb(0xffffff), rgb(0xffffff)) == Approx(1.0));
    // #767676 on white is the well-known 4.54:1.
    CHECK(contrastRatio(rgb(0x767676), rgb(0xffffff)) == Approx(4.54).epsilon(0.01));
}

TEST_CASE("a translucent colour is seen blended with what is under it", "[theme]") {
    const Color half{0, 0, 0, 128};
    const Color seen = composite(half, rgb(0xffffff));
    CHECK(seen.r == 127);
    CHECK(seen.a == 255);
}

TEST_CASE("portrait 1080x1920 and landscape 1920x1080 use one pixel per unit", "[theme]") {
    const Theme p = Theme::forScreen(1080, 1920);
    const Theme l = Theme::forScreen(1920, 1080);
    CHECK_FALSE(p.landscape());
    CHECK(l.landscape());
    CHECK(p.unit == Approx(1.0));
    CHECK(l.unit == Approx(1.0));
    CHECK(p.bodyPx >= 32);
    CHECK(p.smallPx >= 32);
    CHECK(p.titlePx > p.bodyPx);
    CHECK(p.minTarget >= 96);
}

TEST_CASE("sizes scale with a smaller screen", "[theme]") {
    const Theme small = Theme::forScreen(540, 960);
    CHECK(small.unit == Approx(0.5));
    CHECK(small.minTarget == 48);
    CHECK(small.bodyPx == 18);
}

TEST_CASE("the home tiles each have their own colour and white text on them reaches 4.5:1", "[theme]") {
    const Theme t;
    for (std::size_t i = 0; i < t.tileFills.size(); ++i) {
        INFO("tile " << i);
        CHECK(contrastRatio(t.tileText, t.tileFills[i]) >= 4.5);
        for (std::size_t j = i + 1; j < t.tileFills.size(); ++j)
            CHECK_FALSE(t.tileFills[i] == t.tileFills[j]);
    }
}
