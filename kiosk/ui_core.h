// What the windowed runner and the scenario player share: the fonts, the UI, the frame timing and the report.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "kiosk/core/session_state.h"
#include "kiosk/ui_options.h"
#include "screens/font_set.h"
#include "screens/painter.h"
#include "screens/run_report.h"
#include "screens/ui.h"

namespace yimen::screens {
class WindowDisplay;
}

namespace yimen::kiosk {

// Milliseconds from `start` to now, on the monotonic clock.
double msSince(std::chrono::steady_clock::time_point start);

// The fonts, the UI and the figures of one run. Borrows the options. The UI thread's.
class UiCore {
public:
    UiCore(std::unique_ptr<screens::FontSet> fonts, const UiOptions& options);

    screens::Ui& ui() { return ui_; }
    screens::FontSet& fonts() { return *fonts_; }
    const screens::Theme& theme() const { return ui_.theme(); }
    screens::RunReport& report() { return report_; }
    // The QR payload of the last receipt shown on screen (empty before one), for the simulated scanner.
    const std::string& lastReceiptQr() const { return lastReceiptQr_; }

    // Builds the frame for the app's state. When the session has just ended, the painter forgets every text
    // it drew (the textures may show the last citizen's name or number).
    const screens::Frame& build(const SessionState& state, screens::Painter& painter);
    // Records a frame drawn since the last build(): its time (build + draw) for the figures.
    void drawn(const SessionState& state);
    // Completes the report: writes report.json into the options' outDir when set, and prints the figures
    // when the options ask for a report.
    void finishReport(const std::string& mode);

private:
    std::unique_ptr<screens::FontSet> fonts_;
    screens::Ui ui_;
    const UiOptions& options_;
    screens::RunReport report_;
    std::string lastReceiptQr_;
    std::chrono::steady_clock::time_point buildStart_;
};

// Opens the fonts and builds the UI for `options` (borrowed for the core's life); nullptr, with the reason on
// stderr, when the fonts cannot be opened.
std::unique_ptr<UiCore> openCore(const UiOptions& options);

// Opens the kiosk's window for `core` as the options ask (full screen, offscreen in tests); nullptr, with the
// reason on stderr, when no display is available.
std::unique_ptr<screens::WindowDisplay> openWindow(UiCore& core, const UiOptions& options);

}  // namespace yimen::kiosk
