// Benchmark: handwriting as the writing pad drives it. Prints the time to load the model, and from the end of
// a stroke to the candidates (the whole ink recognised, 48 candidates) for characters of 1 to 9 strokes.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "screens/ime/zinnia_handwriting.h"

using yimen::screens::Ink;
using yimen::screens::Point;
using yimen::screens::ZinniaHandwriting;

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

// A stroke from `a` to `b` on a 480x480 pad, a point every 8 px as a finger reports it.
std::vector<Point> line(Point a, Point b) {
    std::vector<Point> points;
    const int steps = std::max(1, std::max(std::abs(b.x - a.x), std::abs(b.y - a.y)) / 8);
    for (int s = 0; s <= steps; ++s)
        points.push_back({a.x + (b.x - a.x) * s / steps, a.y + (b.y - a.y) * s / steps});
    return points;
}

}  // namespace

int main() {
    const auto start = Clock::now();
    auto model = ZinniaHandwriting::open(ZinniaHandwriting::kDefaultModel);
    if (!model) {
        std::fprintf(stderr, "%s\n", model.error().message.c_str());
        return 1;
    }
    std::printf("open (the model file checked): %.1f ms\n", msSince(start));
    // 目 written stroke by stroke (5 strokes), then four more across: ink of 1..9 strokes.
    const std::vector<std::vector<Point>> strokes = {
        line({140, 60}, {140, 420}),  line({140, 60}, {340, 60}),   line({340, 60}, {340, 420}),
        line({140, 180}, {340, 180}), line({140, 300}, {340, 300}), line({140, 420}, {340, 420}),
        line({60, 120}, {420, 120}),  line({60, 240}, {420, 240}),  line({60, 360}, {420, 360})};
    {
        // The first character written loads the model.
        Ink first;
        first.width = 480;
        first.height = 480;
        first.strokes.push_back(line({60, 240}, {420, 240}));
        const auto t = Clock::now();
        if (!(*model)->recognize(first, 48))
            return 1;
        std::printf("first stroke, loading the model: %.1f ms\n", msSince(t));
    }
    std::vector<double> times;
    double most = 0;
    for (int round = 0; round < 40; ++round) {
        Ink ink;
        ink.width = 480;
        ink.height = 480;
        for (const auto& stroke : strokes) {
            ink.strokes.push_back(stroke);
            const auto t = Clock::now();
            auto found = (*model)->recognize(ink, 48);
            const double ms = msSince(t);
            if (!found || found->empty())
                return 1;
            times.push_back(ms);
            most = std::max(most, ms);
        }
    }
    std::printf(
        "stroke end to candidates (1-9 strokes, 48 candidates): median %.2f ms, p99 %.2f ms, max %.2f ms "
        "over %zu strokes\n",
        percentile(times, 0.5), percentile(times, 0.99), most, times.size());
    return 0;
}
