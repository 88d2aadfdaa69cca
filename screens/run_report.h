// The figures of a UI run: start to first frame, frame times per screen, peak memory; and the step log lines.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace yimen::screens {

// Frame render times (build + draw) by screen name.
class FrameTimes {
public:
    void add(const std::string& screen, double ms) { ms_[screen].push_back(ms); }
    const std::map<std::string, std::vector<double>>& byScreen() const { return ms_; }

private:
    std::map<std::string, std::vector<double>> ms_;
};

// The nearest-rank percentile `p` (0..100) of `values`; 0 for none.
double percentile(std::vector<double> values, double p);

// Peak resident set size of this process so far, in KiB (getrusage).
long peakRssKib();

struct RunReport {
    std::string mode;      // "headless" or "windowed"
    std::string scenario;  // its name, headless only
    int width = 0;
    int height = 0;
    std::string renderer;
    std::optional<double> startToFirstFrameMs;  // process start to the first frame of Home
    FrameTimes frames;
    long peakRssKib = 0;
    int stepsPlayed = 0;
    bool passed = true;
};

// {"mode", "scenario", "width", "height", "renderer", "startToFirstFrameMs", "peakRssKiB", "stepsPlayed",
//  "passed", "frames": {"<screen>": {"count", "p50Ms", "p99Ms", "maxMs"}}}
std::string toJson(const RunReport& report);
// Human-readable lines for the console.
std::string toText(const RunReport& report);

struct StepRecord {
    int step = 0;
    std::string action;  // ScenarioStep::describe()
    bool ok = true;
    std::string screen;  // the session's screen after the step
    double ms = 0;
    std::string error;
    std::string screenshot;  // file name, when one was written
};

// One line of steps.jsonl: {"step", "action", "ok", "screen", "ms"[, "error"][, "screenshot"]}.
std::string toJsonLine(const StepRecord& record);

}  // namespace yimen::screens
