// Handwriting through Zinnia with Debian's model: characters written as a citizen writes them are offered
// first; what is not writing is an error, never a crash.
#include "screens/ime/zinnia_handwriting.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>

#include "tests/support/temp_dir.h"

using yimen::ErrorCode;
using yimen::screens::Ink;
using yimen::screens::Point;
using yimen::screens::ZinniaHandwriting;
using yimen::testing::TempDir;

namespace {

std::unique_ptr<ZinniaHandwriting> openModel() {
    auto model = ZinniaHandwriting::open(ZinniaHandwriting::kDefaultModel);
    REQUIRE(model);
    return std::move(model.value());
}

// Strokes drawn on a 300x300 pad, each from its points joined by straight lines of 10 px steps, as a finger
// reports them.
Ink written(std::vector<std::vector<Point>> corners) {
    Ink ink;
    ink.width = 300;
    ink.height = 300;
    for (const auto& stroke : corners) {
        std::vector<Point> points;
        for (std::size_t i = 0; i + 1 < stroke.size(); ++i) {
            const Point a = stroke[i];
            const Point b = stroke[i + 1];
            const int steps = std::max(1, std::max(std::abs(b.x - a.x), std::abs(b.y - a.y)) / 10);
            for (int s = 0; s < steps; ++s)
                points.push_back({a.x + (b.x - a.x) * s / steps, a.y + (b.y - a.y) * s / steps});
        }
        points.push_back(stroke.back());
        ink.strokes.push_back(std::move(points));
    }
    return ink;
}

// 十: across, then down.
Ink shi() {
    return written({{{30, 150}, {270, 150}}, {{150, 30}, {150, 270}}});
}
// 王: three across and one down, in stroke order.
Ink wang() {
    return written(
        {{{50, 50}, {250, 50}}, {{60, 150}, {240, 150}}, {{150, 50}, {150, 250}}, {{30, 250}, {270, 250}}});
}
// 大: across, the left fall, the right fall.
Ink da() {
    return written(
        {{{40, 110}, {260, 110}}, {{150, 30}, {130, 160}, {40, 270}}, {{150, 140}, {200, 210}, {270, 270}}});
}

}  // namespace

TEST_CASE("characters written stroke by stroke are offered first", "[handwriting]") {
    auto hw = openModel();
    for (const auto& [expected, ink] : {std::pair{"十", shi()}, {"王", wang()}, {"大", da()}}) {
        auto found = hw->recognize(ink, 10);
        REQUIRE(found);
        REQUIRE_FALSE(found.value().empty());
        INFO(expected);
        CHECK(found.value().front() == expected);
        CHECK(found.value().size() == 10);
    }
}

TEST_CASE("the same strokes on a pad of another size read the same", "[handwriting]") {
    auto hw = openModel();
    Ink big = wang();
    big.width = 600;
    big.height = 600;
    for (auto& stroke : big.strokes)
        for (Point& p : stroke) p = {p.x * 2, p.y * 2};
    auto found = hw->recognize(big, 5);
    REQUIRE(found);
    CHECK(found.value().front() == "王");
}

TEST_CASE("a character written on a wide pad keeps its shape", "[handwriting]") {
    auto hw = openModel();
    // The same 王, 180 px square, in the middle of a 480x240 pad and of a 480x480 one: the pad's shape must
    // not squash it, so the candidates are the same.
    auto centredOn = [](int width, int height) {
        const Ink square = wang();  // drawn on 300x300
        Ink ink;
        ink.width = width;
        ink.height = height;
        for (const auto& stroke : square.strokes) {
            std::vector<Point> moved;
            for (const Point& p : stroke)
                moved.push_back({p.x * 180 / 300 + (width - 180) / 2, p.y * 180 / 300 + (height - 180) / 2});
            ink.strokes.push_back(std::move(moved));
        }
        return ink;
    };
    auto wide = hw->recognize(centredOn(480, 240), 10);
    auto square = hw->recognize(centredOn(480, 480), 10);
    REQUIRE(wide);
    REQUIRE(square);
    CHECK(wide.value() == square.value());
    CHECK(std::find(wide.value().begin(), wide.value().begin() + 3, "王") != wide.value().begin() + 3);
}

TEST_CASE("a finger sliding off the pad or resting on it is handled", "[handwriting]") {
    auto hw = openModel();
    Ink ink = shi();
    ink.strokes[0].insert(ink.strokes[0].begin(), Point{-500, 150});
    ink.strokes[0].push_back({2000, 150});
    auto off = hw->recognize(ink, 5);
    REQUIRE(off);
    CHECK(off.value().front() == "十");

    Ink resting;
    resting.width = 300;
    resting.height = 300;
    resting.strokes.assign(200, std::vector<Point>(5000, Point{150, 150}));
    auto rest = hw->recognize(resting, 5);
    CHECK(rest);  // a result (whatever it is), quickly: points and strokes past the limits are dropped
}

TEST_CASE("nothing written, or a pad without size, is an error", "[handwriting]") {
    auto hw = openModel();
    Ink empty;
    empty.width = 300;
    empty.height = 300;
    CHECK(hw->recognize(empty, 5).error().code == ErrorCode::invalidInput);
    empty.strokes.push_back({});
    CHECK(hw->recognize(empty, 5).error().code == ErrorCode::invalidInput);
    Ink noSize = shi();
    noSize.width = 0;
    CHECK(hw->recognize(noSize, 5).error().code == ErrorCode::invalidInput);
}

TEST_CASE("a missing or broken model is reported by name", "[handwriting]") {
    TempDir dir;
    auto missing = ZinniaHandwriting::open(dir / "none.model");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::notFound);
    CHECK_THAT(missing.error().message, Catch::Contains("tegaki-zinnia-simplified-chinese"));

    auto folder = ZinniaHandwriting::open(dir.path().string());
    REQUIRE_FALSE(folder);
    CHECK(folder.error().code == ErrorCode::io);

    // A file that is not a model is found out at the first character written, and every time after.
    std::ofstream(dir / "broken.model") << "this is not a model";
    auto broken = ZinniaHandwriting::open(dir / "broken.model");
    REQUIRE(broken);
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto found = broken.value()->recognize(shi(), 5);
        REQUIRE_FALSE(found);
        CHECK(found.error().code == ErrorCode::unavailable);
        CHECK_THAT(found.error().message, Catch::Contains("broken.model"));
    }
}
