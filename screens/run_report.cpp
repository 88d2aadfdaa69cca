// Percentiles, peak RSS and the JSON of run reports and step records.
#include "screens/run_report.h"

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace yimen::screens {
namespace {

double rounded(double ms) {
    return std::round(ms * 100) / 100;
}

}  // namespace

double percentile(std::vector<double> values, double p) {
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const double rank = std::ceil(p / 100.0 * static_cast<double>(values.size()));
    const std::size_t index =
        static_cast<std::size_t>(std::clamp(rank, 1.0, static_cast<double>(values.size()))) - 1;
    return values[index];
}

long peakRssKib() {
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0)
        return 0;
    return usage.ru_maxrss;
}

std::string toJson(const RunReport& r) {
    nlohmann::ordered_json j;
    j["mode"] = r.mode;
    if (!r.scenario.empty())
        j["scenario"] = r.scenario;
    j["width"] = r.width;
    j["height"] = r.height;
    j["renderer"] = r.renderer;
    j["startToFirstFrameMs"] = r.startToFirstFrameMs ? nlohmann::ordered_json(rounded(*r.startToFirstFrameMs))
                                                     : nlohmann::ordered_json(nullptr);
    j["peakRssKiB"] = r.peakRssKib;
    j["stepsPlayed"] = r.stepsPlayed;
    j["passed"] = r.passed;
    nlohmann::ordered_json frames = nlohmann::ordered_json::object();
    for (const auto& [screen, ms] : r.frames.byScreen()) {
        frames[screen] = {{"count", ms.size()},
                          {"p50Ms", rounded(percentile(ms, 50))},
                          {"p99Ms", rounded(percentile(ms, 99))},
                          {"maxMs", rounded(percentile(ms, 100))}};
    }
    j["frames"] = frames;
    return j.dump(2);
}

std::string toText(const RunReport& r) {
    std::string out;
    char line[200];
    std::snprintf(line, sizeof line, "%s %dx%d (%s)\n", r.mode.c_str(), r.width, r.height,
                  r.renderer.c_str());
    out += line;
    if (r.startToFirstFrameMs) {
        std::snprintf(line, sizeof line, "start to first frame of Home: %.1f ms\n", *r.startToFirstFrameMs);
        out += line;
    }
    for (const auto& [screen, ms] : r.frames.byScreen()) {
        std::snprintf(line, sizeof line, "frame %-11s n=%-4zu p50 %6.2f ms  p99 %6.2f ms\n", screen.c_str(),
                      ms.size(), percentile(ms, 50), percentile(ms, 99));
        out += line;
    }
    std::snprintf(line, sizeof line, "peak RSS: %.1f MiB\n", static_cast<double>(r.peakRssKib) / 1024.0);
    out += line;
    return out;
}

std::string toJsonLine(const StepRecord& s) {
    nlohmann::ordered_json j;
    j["step"] = s.step;
    j["action"] = s.action;
    j["ok"] = s.ok;
    j["screen"] = s.screen;
    j["ms"] = rounded(s.ms);
    if (!s.error.empty())
        j["error"] = s.error;
    if (!s.screenshot.empty())
        j["screenshot"] = s.screenshot;
    return j.dump();
}

}  // namespace yimen::screens
