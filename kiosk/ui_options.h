// What the UI runners take: the window and report options, and the simulated devices' hooks.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace yimen::screens {
class InputMethod;
class HandwritingRecognizer;
}  // namespace yimen::screens

namespace yimen::kiosk {

class StopRequest;

struct UiOptions {
    bool landscape = false;  // 1920x1080 instead of 1080x1920
    bool fullscreen = false;
    bool demoKeys = false;  // F1 inserts the sample card, F2 removes it, F3 scans the last receipt
    // A desk or demo run: a quit request from the window (its close button, Alt+F4, SDL_QUIT) ends the
    // program. Off in a kiosk build, where such requests come from input devices anyone can reach (a scanner
    // is a keyboard) and are ignored: only `stop` (a signal) or the technician ends it.
    bool allowWindowClose = false;
    StopRequest* stop = nullptr;   // when requested (by SIGTERM or SIGINT), the loop wakes and ends
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

}  // namespace yimen::kiosk
