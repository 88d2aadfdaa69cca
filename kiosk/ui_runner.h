// Runs the touchscreen UI on the app: in a window with mouse and touch, or headless, playing a scenario file.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "kiosk/app.h"

namespace yimen::screens {
class InputMethod;
class HandwritingRecognizer;
}  // namespace yimen::screens

namespace yimen::kiosk {

struct UiOptions {
    bool landscape = false;  // 1920x1080 instead of 1080x1920
    bool fullscreen = false;
    bool demoKeys = false;  // F1 inserts the sample card, F2 removes it, F3 scans the last receipt
    // A desk or demo run: a quit request from the window (its close button, Alt+F4, SDL_QUIT) ends the
    // program. Off in a kiosk build, where such requests come from input devices anyone can reach (a scanner
    // is a keyboard) and are ignored: only `stop` (a signal) or the technician ends it.
    bool allowWindowClose = false;
    const std::atomic<bool>* stop = nullptr;  // when set (by a SIGTERM or SIGINT handler), the loop ends
    bool offscreenWindow = false;  // tests: the window may be on SDL's offscreen driver (nothing is shown)
    std::string outDir;            // screenshots, step log, report
    std::string scenarioFile;      // headless scenario to play
    bool report = false;      // print the figures (start to first frame, frame p50/p99 per screen, peak RSS)
    int catalogPageSize = 6;  // the session's (SessionConfig), so both page alike
    int utcOffsetMinutes = 8 * 60;    // the session's, for the clock and the greeting
    std::int64_t processStartMs = 0;  // wall clock (ms since the epoch) when the process started; 0 = unknown
    // The Chinese keyboards' engines, borrowed; with neither, text answers take letters and digits only.
    screens::InputMethod* inputMethod = nullptr;
    screens::HandwritingRecognizer* handwriting = nullptr;
};

// The simulated devices the demo keys and scenarios drive; each may be empty.
struct SimHooks {
    std::function<void(int)> insertCard;
    std::function<void()> removeCard;
    std::function<void(const std::string&)> scan;
};

// Opens a window (full screen when asked) and runs the UI and the app on this thread until options.stop is
// set (or, with options.allowWindowClose, the window is closed). With options.report, prints the figures at
// the end and writes report.json into options.outDir when set. Returns 0 after a normal close, 3 when no
// display is available (nothing was changed: the caller may fall back to headless), 1 on another failure. The
// app's main thread.
int runWindowed(App& app, const SimHooks& sim, const UiOptions& options);

// Plays options.scenarioFile headless (no display needed) and writes into options.outDir: step-NN-<name>.png
// for each screenshot step (and step-NN-failed.png for a failing step), steps.jsonl (one line per step: step,
// action, ok, screen, ms) and report.json (the figures). Stops at the first failing step. Returns 0 when
// every step passed, 1 otherwise, with the failing step printed on stderr. The app's main thread.
int runScenario(App& app, const SimHooks& sim, const UiOptions& options);

}  // namespace yimen::kiosk
