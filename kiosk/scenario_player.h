// The scenario player: a scenario file played headless against the app, with screenshots and figures.
#pragma once

#include "kiosk/app.h"
#include "kiosk/ui_options.h"

namespace yimen::kiosk {

// Plays options.scenarioFile headless (no display needed) and writes into options.outDir: step-NN-<name>.png
// for each screenshot step (and step-NN-failed.png for a failing step), steps.jsonl (one line per step: step,
// action, ok, screen, ms) and report.json (the figures). After each tap the app runs until it is idle (no
// event waiting, no tick due); a waitFor step runs it until its condition holds. Stops at the first failing
// step. Returns 0 when every step passed, 1 otherwise, with the failing step printed on stderr. The app's
// main thread.
int runScenario(App& app, const SimHooks& sim, const UiOptions& options);

}  // namespace yimen::kiosk
