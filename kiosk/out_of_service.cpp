// runOutOfService: the unavailable screen drawn from a session that never starts, on the window's own loop.
#include "kiosk/out_of_service.h"

#include <chrono>

#include "common/log.h"
#include "kiosk/core/session_state.h"
#include "kiosk/stop_request.h"
#include "kiosk/ui_core.h"
#include "screens/window_display.h"

namespace yimen::kiosk {
namespace {

constexpr const char* kLog = "ui";

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
    if (options.stop)
        options.stop->setWaker(window.waker());
    std::int64_t drawnMinute = -1;
    while (!(options.stop && options.stop->requested())) {
        state.nowMs = wallMsNow();  // the screens show it in options.utcOffsetMinutes
        const std::int64_t minute = state.nowMs / 60'000;
        bool redraw = minute != drawnMinute;  // the header's clock
        // Until the header's clock turns to the next minute, input, or a stop request.
        const auto untilNextMinute = static_cast<int>(60'000 - state.nowMs % 60'000);
        for (const screens::InputEvent& e : window.wait(untilNextMinute, false)) {
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
