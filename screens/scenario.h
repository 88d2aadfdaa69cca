// Scenario files: a citizen's actions and the checks on what the screen shows, played headless step by step.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"
#include "screens/geometry.h"

namespace yimen::screens {

enum class StepKind {
    tap,          // {"tap": "home.apply"}: tap a widget by id
    type,         // {"type": "13800138000"}: tap "keypad.<c>" for each character ("keys": "initials" for the
                  // catalog's initials keypad, "pinyin" for the letters of the pinyin keyboard)
    waitFor,      // {"waitFor": "catalog"}: a screen, or "catalogLoaded", "printFinished", "outboxDrained" (every
                  // application and rating delivered), "idleWarning" ("timeoutMs")
    waitForText,  // {"waitForText": "已打印回执"}: until the screen shows the text ("timeoutMs")
    screenshot,   // {"screenshot": "catalog"}: step-NN-catalog.png ("ifScreen": only on that screen)
    insertCard,   // {"insertCard": 0}: the simulated reader's card by index
    removeCard,   // {"removeCard": true}
    scan,         // {"scan": "text"}: the simulated scanner reads the text
    scanLastReceipt,  // {"scanLastReceipt": true}: the scanner reads the QR text of the last receipt shown
    advanceClock,     // {"advanceClock": 61000}: the session clock jumps forward (milliseconds)
    expectVisible,    // {"expectVisible": "dialog.extend"}: the widget is on screen
    expectHidden,     // {"expectHidden": "dialog.extend"}: it is not
    expectText,       // {"expectText": "感谢您的评价"}: some widget shows the text
    expectNoText,     // {"expectNoText": "韦秀英"}: no widget shows it
    expectScreen,     // {"expectScreen": "home"}: the session is on that screen now
    write,  // {"write": "hand.pad", "strokes": [[[10,50],[90,50]], [[50,10],[50,90]]]}: draw each stroke on
            // the writing pad through the points given on a 0-100 grid across and down the pad (here 十)
};

struct ScenarioStep {
    StepKind kind = StepKind::tap;
    std::string text;         // widget id, screen or condition, text, screenshot name, scanned code
    std::int64_t number = 0;  // card index, milliseconds
    std::string keys = "keypad";
    std::int64_t timeoutMs = 20'000;
    std::string ifScreen;
    std::vector<std::vector<Point>> strokes;  // write: points on a 0-100 grid of the pad

    // "tap home.apply", "advanceClock 61000", ...
    std::string describe() const;
};

struct Scenario {
    std::string name;
    std::vector<ScenarioStep> steps;
};

const char* toString(StepKind kind);

// Parses a scenario: {"name": "...", "steps": [{...}, ...]}; each step holds exactly one action key.
// Errors: invalidInput naming the step and what is wrong (unknown action, wrong type, a screenshot name that
// is not [A-Za-z0-9_-]+). Pure.
[[nodiscard]] Expected<Scenario> parseScenario(const std::string& json);
// Errors: io (unreadable), or those of parseScenario with the path.
[[nodiscard]] Expected<Scenario> loadScenario(const std::string& path);

}  // namespace yimen::screens
