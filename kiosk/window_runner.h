// The windowed runner: the touchscreen UI in a window, on one loop with the app.
#pragma once

#include "kiosk/app.h"
#include "kiosk/ui_options.h"

namespace yimen::kiosk {

// Opens a window (full screen when asked) and runs the UI and the app on this thread until options.stop is
// set (or, with options.allowWindowClose, the window is closed). One loop: it sleeps in the window's event
// wait until input, an event posted to the app (the app's wake handler wakes the wait) or the app's next tick
// (once a minute on an idle Home), and draws only when the frame changed. options.stop, set by a signal
// handler, is looked at twice a second. With options.report, prints the figures at the end and writes
// report.json into options.outDir when set. Returns 0 after a normal close, 3 when no display is available
// (nothing was changed: the caller may fall back to headless), 1 on another failure. The app's main thread.
int runWindowed(App& app, const SimHooks& sim, const UiOptions& options);

}  // namespace yimen::kiosk
