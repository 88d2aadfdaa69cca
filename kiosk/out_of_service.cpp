// runOutOfService: the unavailable screen drawn from a session that never starts, on the window's own loop.
#include "kiosk/out_of_service.h"

#include <chrono>

#include "common/log.h"
#include "kiosk/core/session_state.h"
#include "kiosk/ui_core.h"
#include "screens/window_display.h"

namespace yimen::kiosk {
namespace {

constexpr const char* kLog = "ui";
constexpr int kWaitMs = 500;  // how often the stop flag (set by a signal handler) is looked at

std::int64_t wallMsNow() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

int runOutOfService(const UiOptions& options, const std::string& reason) {
    log::error("kiosk", "out of service: " + reason);
    auto core = openCore(options);
    if (!core)
        return 1;
    const auto opened = openWindow(*core, options);
    if (!opened)
        return 3;
    screens::WindowDisplay& window = *opened;
    log::info(kLog, "window open, showing the out-of-service screen");

    SessionState state;
    state.screen = Screen::unavailable;
    std::int64_t drawnMinute = -1;
    while (!(options.stop && options.stop->load())) {
        state.nowMs = wallMsNow();  // the screens show it in options.utcOffsetMinutes
        const std::int64_t minute = state.nowMs / 60'000;
        bool redraw = minute != drawnMinute;  // the header's clock
        for (const screens::InputEvent& e : window.wait(kWaitMs, false)) {
            if (e.kind == screens::InputEvent::Kind::quit && options.allowWindowClose)
                return 1;
            if (e.kind == screens::InputEvent::Kind::exposed)
                redraw = true;
        }
        if (redraw) {
            window.draw(core->build(state, window.painter()));
            drawnMinute = minute;
        }
    }
    return 1;
}

}  // namespace yimen::kiosk
