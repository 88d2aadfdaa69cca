// The windowed runner: the UI in a window with touch, mouse and demo keys, on one loop with the app.
#include "kiosk/window_runner.h"

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <optional>
#include <string>

#include "common/log.h"
#include "kiosk/stop_request.h"
#include "kiosk/tick_schedule.h"
#include "kiosk/ui_core.h"
#include "screens/window_display.h"

namespace yimen::kiosk {
namespace {

using screens::Frame;

constexpr const char* kLog = "ui";

}  // namespace

int runWindowed(App& app, const SimHooks& sim, const UiOptions& options) {
    auto core = openCore(options);
    if (!core)
        return 1;
    const auto opened = openWindow(*core, options);
    if (!opened)
        return 3;
    screens::WindowDisplay& window = *opened;
    core->report().renderer = window.rendererName();
    log::info(kLog, "window open, renderer " + window.rendererName());

    // Posted events wake the window's wait: the queue, the clock's tick and the input are one loop.
    app.setWakeHandler(window.waker());
    if (options.stop)
        options.stop->setWaker(window.waker());
    std::string pressed;  // the widget under the finger, drawn pressed until it lifts
    std::string drawnPressed;
    std::size_t drawnSignature = 0;
    bool mustDraw = true;
    bool changed = true;  // the state or the input changed since the last frame was built
    bool running = true;
    std::int64_t strokePointer = -1;  // the finger (or -1, the mouse) drawing on the writing pad
    bool enginesChecked = false;
    std::size_t quitsIgnored = 0;
    while (running && !(options.stop && options.stop->requested())) {
        // What arrived from the app's threads, and the tick when it is due.
        if (app.poll())
            changed = true;
        if (changed || mustDraw) {
            const Frame& frame = core->build(app.state(), window.painter());
            // Most frames look like the last one: draw only what changed (or when the window asks for it).
            const std::size_t signature = frame.signature();
            if (mustDraw || signature != drawnSignature || pressed != drawnPressed) {
                window.draw(frame, pressed);
                core->drawn(app.state());
                drawnSignature = signature;
                drawnPressed = pressed;
                if (!enginesChecked) {
                    core->ui()
                        .checkEngines();  // Home is on screen: now wait for the pinyin engine if need be
                    enginesChecked = true;
                }
                mustDraw = false;
            }
            // A toast goes away by itself when the session's clock passes its time: keep the clock ticking
            // while one shows (Home would tick only when the minute turns).
            if (core->ui().frame().find("toast"))
                app.tickBy(app.state().nowMs + TickSchedule::kIntervalMs);
            changed = false;
        }
        window.setTextInput(core->ui().acceptsTyping());
        // Sleeps until input, a posted event, a stop request or the next tick: nothing is polled.
        const auto wait = app.untilNextTick().count();
        for (const screens::InputEvent& in : window.wait(static_cast<int>(wait), options.demoKeys)) {
            using K = screens::InputEvent::Kind;
            changed = true;
            std::optional<Event> event;
            switch (in.kind) {
            case K::quit:
                if (options.allowWindowClose) {
                    running = false;
                } else if (quitsIgnored++ % 100 == 0) {
                    // A kiosk is ended by a signal or the technician, never by a key anyone can press.
                    log::warn(kLog, "a request to close the window (Alt+F4, a scanner's keys) was ignored");
                }
                break;
            case K::exposed: mustDraw = true; break;
            case K::press: {
                // While a finger writes, other fingers (a resting palm) are ignored.
                if (core->ui().drawing())
                    break;
                // On the writing pad a touch draws a stroke; anywhere else it may become a tap.
                if (core->ui().pressAt(in.at)) {
                    strokePointer = in.pointer;
                    pressed.clear();
                    break;
                }
                const screens::Widget* w = core->ui().frame().hitTest(in.at);
                pressed = w ? w->id : std::string();
                break;
            }
            case K::move:
                if (in.pointer == strokePointer)
                    core->ui().dragTo(in.at);
                break;
            case K::release: {
                if (core->ui().drawing()) {
                    if (in.pointer == strokePointer) {
                        core->ui().dragTo(in.at);
                        event = core->ui().endStroke();
                    }
                    break;
                }
                const screens::Widget* w = core->ui().frame().hitTest(in.at);
                // A tap counts when the finger lifts on the widget it went down on.
                if (w && w->id == pressed)
                    event = core->ui().tapAt(in.at);
                pressed.clear();
                break;
            }
            case K::text: event = core->ui().typeText(in.text); break;
            case K::backspace: event = core->ui().backspace(); break;
            case K::insertCard:
                if (sim.insertCard)
                    sim.insertCard(0);
                break;
            case K::removeCard:
                if (sim.removeCard)
                    sim.removeCard();
                break;
            case K::scanReceipt:
                if (sim.scan && !core->lastReceiptQr().empty())
                    sim.scan(core->lastReceiptQr());
                break;
            }
            if (event) {
                app.post(*event);
                app.runUntilIdle();
                core->ui().update(app.state());  // the next input in this batch meets the new screen
            }
        }
    }
    app.setWakeHandler(nullptr);
    core->finishReport("windowed");
    return 0;
}

}  // namespace yimen::kiosk
