// The UI loop around the app: windowed (touch, mouse, demo keys) and headless (scenario player), with
// figures.
#include "kiosk/ui_runner.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>

#include "common/log.h"
#include "kiosk/receipt_info.h"
#include "screens/font_set.h"
#include "screens/headless_display.h"
#include "screens/run_report.h"
#include "screens/scenario.h"
#include "screens/ui.h"
#include "screens/window_display.h"

namespace yimen::kiosk {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using screens::Frame;
using screens::ScenarioStep;
using screens::StepKind;

constexpr const char* kLog = "ui";

std::int64_t wallMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

double msSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

screens::Theme themeFor(const UiOptions& o) {
    return o.landscape ? screens::Theme::forScreen(1920, 1080) : screens::Theme::forScreen(1080, 1920);
}

// What of the session a tap can change, hashed: so the loop can tell when a posted event has been handled
// without keeping a copy of the citizen's answers.
std::size_t fingerprint(const SessionState& s) {
    std::size_t h = static_cast<std::size_t>(s.screen);
    auto mix = [&h](std::size_t v) { h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
    const std::hash<std::string> str;
    mix(static_cast<std::size_t>(s.page));
    mix(str(s.categoryId));
    mix(str(s.searchInitials));
    mix(str(s.itemId));
    mix(s.fieldIndex);
    mix(str(s.draft));
    mix(s.fieldError ? str(s.fieldError->message) + 1 : 0);
    mix(s.idleWarning ? 1 : 0);
    mix(s.receipt ? 1 : 0);
    mix(static_cast<std::size_t>(s.printState));
    mix(str(s.notice));
    mix(str(s.submitError));
    mix(str(s.identifyMessage));
    mix(s.returnToReview ? 1 : 0);
    return h;
}

// Posts the event and runs the app until the session shows its effect, so that the next frame (and the next
// key, which carries the whole answer) builds on it. An event that changes nothing visible (上一页 on the
// first page) ends the wait after a few idle turns.
void postAndSettle(App& app, const Event& event) {
    const std::size_t before = fingerprint(app.state());
    const auto* input = std::get_if<ev::Input>(&event);
    const auto* search = std::get_if<ev::SearchInitials>(&event);
    app.post(event);
    int turns = 0;
    app.runUntil(
        [&](const SessionState& s) {
            if (turns++ == 0)
                return false;
            if (input && s.screen == Screen::form && !s.idleWarning)
                return s.draft == input->value;
            if (search && s.screen == Screen::catalog && !s.idleWarning) {
                std::string upper = search->text;
                for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                return s.searchInitials == upper;
            }
            return fingerprint(s) != before || turns > 6;
        },
        1s);
}

// Runs the app for a couple of turns (lets a clock change or a device event land).
void turnOver(App& app, int count) {
    int turns = 0;
    app.runUntil([&](const SessionState&) { return turns++ >= count; }, 1s);
}

// The fonts, the UI and the figures shared by the windowed and the headless loop.
screens::UiConfig uiConfigFor(const UiOptions& options) {
    screens::UiConfig c;
    c.catalogPageSize = options.catalogPageSize;
    c.utcOffsetMinutes = options.utcOffsetMinutes;
    return c;
}

class UiCore {
public:
    UiCore(std::unique_ptr<screens::FontSet> fonts, const UiOptions& options)
        : fonts_(std::move(fonts)),
          ui_(themeFor(options), *fonts_, uiConfigFor(options), options.inputMethod, options.handwriting),
          options_(options) {}

    screens::Ui& ui() { return ui_; }
    screens::FontSet& fonts() { return *fonts_; }
    const screens::Theme& theme() const { return ui_.theme(); }
    screens::RunReport& report() { return report_; }
    const std::string& lastReceiptQr() const { return lastReceiptQr_; }

    // Builds the frame for the app's state. When the session has just ended, the painter forgets every text
    // it drew (the textures may show the last citizen's name or number).
    const Frame& build(const SessionState& state, screens::Painter& painter) {
        buildStart_ = std::chrono::steady_clock::now();
        const Frame& frame = ui_.update(state);
        if (ui_.takeSessionEnd())
            painter.forgetText();
        if (state.receipt)
            lastReceiptQr_ = receiptQrPayload(state.receipt->receiptNo, state.receipt->queryCode);
        return frame;
    }
    // Records a frame drawn since the last build(): its time (build + draw) for the figures.
    void drawn(const SessionState& state) {
        report_.frames.add(toString(state.screen), msSince(buildStart_));
        if (!report_.startToFirstFrameMs && state.screen == Screen::home && options_.processStartMs > 0)
            report_.startToFirstFrameMs = static_cast<double>(wallMs() - options_.processStartMs);
    }

    void finishReport(const std::string& mode) {
        report_.mode = mode;
        report_.width = theme().width;
        report_.height = theme().height;
        report_.peakRssKib = screens::peakRssKib();
        if (!options_.outDir.empty()) {
            std::error_code ec;
            fs::create_directories(options_.outDir, ec);
            std::ofstream out(fs::path(options_.outDir) / "report.json");
            out << screens::toJson(report_) << "\n";
            if (!out)
                log::warn(kLog, "report.json not written in " + options_.outDir);
        }
        if (options_.report)
            std::cout << screens::toText(report_);
    }

private:
    std::unique_ptr<screens::FontSet> fonts_;
    screens::Ui ui_;
    const UiOptions& options_;
    screens::RunReport report_;
    std::string lastReceiptQr_;
    std::chrono::steady_clock::time_point buildStart_;
};

std::unique_ptr<UiCore> openCore(const UiOptions& options) {
    auto fonts = screens::FontSet::open();
    if (!fonts) {
        std::cerr << "yimen-kiosk: " << fonts.error().message << "\n";
        return nullptr;
    }
    return std::make_unique<UiCore>(std::move(*fonts), options);
}

std::string twoDigits(int n) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d", n);
    return buf;
}

// Plays one scenario step at a time against the app, headless.
class ScenarioPlayer {
public:
    ScenarioPlayer(App& app, const SimHooks& sim, const UiOptions& options, UiCore& core,
                   screens::HeadlessDisplay& display)
        : app_(app), sim_(sim), options_(options), core_(core), display_(display) {}

    const Frame& render() {
        const Frame& frame = core_.build(app_.state(), display_.painter());
        display_.draw(frame);
        core_.drawn(app_.state());
        return frame;
    }

    // Renders a few more frames of the current screen, for the frame-time figures.
    void sample(int count) {
        for (int i = 0; i < count; ++i) render();
    }

    [[nodiscard]] Status save(const std::string& file) {
        return display_.savePng((fs::path(options_.outDir) / file).string());
    }

    [[nodiscard]] Status play(const ScenarioStep& step, int number, std::string& screenshot) {
        switch (step.kind) {
        case StepKind::tap: return tap(step.text);
        case StepKind::write: return write(step.text, step.strokes);
        case StepKind::type: {
            // The pinyin keyboard's letters are lower case, the other keypads' upper case.
            const bool lower = step.keys == "pinyin";
            for (char c : step.text) {
                const unsigned char u = static_cast<unsigned char>(c);
                const char key = static_cast<char>(lower ? std::tolower(u) : std::toupper(u));
                if (auto ok = tap(step.keys + "." + std::string(1, key)); !ok)
                    return ok;
            }
            return {};
        }
        case StepKind::waitFor: {
            auto done = condition(step.text);
            if (!done)
                return done.error();
            if (!app_.runUntil(*done, std::chrono::milliseconds(step.timeoutMs)))
                return fail(ErrorCode::timeout, "still on " + std::string(toString(app_.state().screen)) +
                                                    " after " + std::to_string(step.timeoutMs) + " ms");
            return {};
        }
        case StepKind::waitForText: {
            const bool shown = app_.runUntil(
                [&](const SessionState& s) { return core_.ui().update(s).showsText(step.text); },
                std::chrono::milliseconds(step.timeoutMs));
            if (!shown)
                return fail(ErrorCode::timeout, "\"" + step.text + "\" not shown after " +
                                                    std::to_string(step.timeoutMs) + " ms");
            return {};
        }
        case StepKind::screenshot: {
            if (!step.ifScreen.empty() && step.ifScreen != toString(app_.state().screen))
                return {};
            render();
            screenshot = "step-" + twoDigits(number) + "-" + step.text + ".png";
            return save(screenshot);
        }
        case StepKind::insertCard:
            if (!sim_.insertCard)
                return fail(ErrorCode::conflict, "no simulated card reader");
            sim_.insertCard(static_cast<int>(step.number));
            return {};
        case StepKind::removeCard:
            if (!sim_.removeCard)
                return fail(ErrorCode::conflict, "no simulated card reader");
            sim_.removeCard();
            return {};
        case StepKind::scan:
            if (!sim_.scan)
                return fail(ErrorCode::conflict, "no simulated scanner");
            sim_.scan(step.text);
            return {};
        case StepKind::scanLastReceipt:
            if (!sim_.scan)
                return fail(ErrorCode::conflict, "no simulated scanner");
            if (core_.lastReceiptQr().empty())
                return fail(ErrorCode::conflict, "no receipt has been shown yet");
            sim_.scan(core_.lastReceiptQr());
            return {};
        case StepKind::advanceClock:
            app_.advanceClock(std::chrono::milliseconds(step.number));
            turnOver(app_, 2);
            return {};
        case StepKind::expectVisible: {
            const screens::Widget* w = render().find(step.text);
            if (!w || w->inert)
                return fail(ErrorCode::notFound, step.text + " is not visible");
            return {};
        }
        case StepKind::expectHidden: {
            const screens::Widget* w = render().find(step.text);
            if (w && !w->inert)
                return fail(ErrorCode::conflict, step.text + " is visible");
            return {};
        }
        case StepKind::expectText:
            if (!render().showsText(step.text))
                return fail(ErrorCode::notFound, "\"" + step.text + "\" is not on screen");
            return {};
        case StepKind::expectNoText:
            if (render().showsText(step.text))
                return fail(ErrorCode::conflict, "\"" + step.text + "\" is on screen");
            return {};
        case StepKind::expectScreen:
            if (step.text != toString(app_.state().screen))
                return fail(ErrorCode::conflict,
                            "on " + std::string(toString(app_.state().screen)) + ", not " + step.text);
            return {};
        }
        return fail(ErrorCode::internal, "unknown step");
    }

private:
    [[nodiscard]] Status tap(const std::string& id) {
        render();
        auto tapped = core_.ui().tapId(id);
        if (!tapped)
            return tapped.error();
        if (*tapped)
            postAndSettle(app_, **tapped);
        return {};
    }

    // Draws each stroke on the pad as a finger would: down at the first point, through the others in steps of
    // a few pixels, up at the last.
    [[nodiscard]] Status write(const std::string& id,
                               const std::vector<std::vector<screens::Point>>& strokes) {
        render();
        const screens::Widget* pad = core_.ui().frame().find(id);
        if (!pad)
            return fail(ErrorCode::notFound, "no widget " + id + " on this screen");
        const screens::Rect r = pad->rect;
        auto at = [&](screens::Point p) {
            return screens::Point{r.x + p.x * (r.w - 1) / 100, r.y + p.y * (r.h - 1) / 100};
        };
        for (const auto& stroke : strokes) {
            if (!core_.ui().pressAt(at(stroke.front())))
                return fail(ErrorCode::conflict,
                            id + " does not take writing (covered, or not a writing pad)");
            for (std::size_t i = 0; i + 1 < stroke.size(); ++i) {
                const screens::Point a = at(stroke[i]);
                const screens::Point b = at(stroke[i + 1]);
                const int steps = std::max(1, std::max(std::abs(b.x - a.x), std::abs(b.y - a.y)) / 8);
                for (int k = 1; k <= steps; ++k)
                    core_.ui().dragTo({a.x + (b.x - a.x) * k / steps, a.y + (b.y - a.y) * k / steps});
            }
            if (auto activity = core_.ui().endStroke())
                postAndSettle(app_, *activity);
        }
        return {};
    }

    Expected<std::function<bool(const SessionState&)>> condition(const std::string& name) {
        if (name == "catalogLoaded")
            return std::function<bool(const SessionState&)>(
                [](const SessionState& s) { return s.catalog && !s.catalog->empty(); });
        if (name == "printFinished")
            return std::function<bool(const SessionState&)>([](const SessionState& s) {
                return s.printState == PrintState::printed || s.printState == PrintState::failed;
            });
        if (name == "idleWarning")
            return std::function<bool(const SessionState&)>(
                [](const SessionState& s) { return s.idleWarning.has_value(); });
        for (Screen screen :
             {Screen::home, Screen::unavailable, Screen::catalog, Screen::item, Screen::identify,
              Screen::form, Screen::review, Screen::submitting, Screen::receipt, Screen::rating})
            if (name == toString(screen))
                return std::function<bool(const SessionState&)>(
                    [screen](const SessionState& s) { return s.screen == screen; });
        return fail(ErrorCode::invalidInput, "waitFor: unknown screen or condition \"" + name + "\"");
    }

    App& app_;
    const SimHooks& sim_;
    const UiOptions& options_;
    UiCore& core_;
    screens::HeadlessDisplay& display_;
};

}  // namespace

int runScenario(App& app, const SimHooks& sim, const UiOptions& options) {
    auto scenario = screens::loadScenario(options.scenarioFile);
    if (!scenario) {
        std::cerr << "yimen-kiosk: " << scenario.error().message << "\n";
        return 1;
    }
    const std::string outDir = options.outDir.empty() ? std::string(".") : options.outDir;
    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (ec) {
        std::cerr << "yimen-kiosk: creating " << outDir << ": " << ec.message() << "\n";
        return 1;
    }
    UiOptions o = options;
    o.outDir = outDir;
    auto core = openCore(o);
    if (!core)
        return 1;
    auto display = screens::HeadlessDisplay::create(core->theme(), core->fonts());
    if (!display) {
        std::cerr << "yimen-kiosk: " << display.error().message << "\n";
        return 1;
    }
    std::ofstream steps(fs::path(outDir) / "steps.jsonl");
    if (!steps) {
        std::cerr << "yimen-kiosk: cannot write " << (fs::path(outDir) / "steps.jsonl").string() << "\n";
        return 1;
    }
    core->report().scenario = scenario->name;
    core->report().renderer = "software (headless)";
    ScenarioPlayer player(app, sim, o, *core, **display);
    player.render();  // the first frame: Home
    core->ui().checkEngines();

    bool passed = true;
    int number = 0;
    for (const ScenarioStep& step : scenario->steps) {
        ++number;
        screens::StepRecord record;
        record.step = number;
        record.action = step.describe();
        const auto start = std::chrono::steady_clock::now();
        Status played = player.play(step, number, record.screenshot);
        record.ms = msSince(start);
        player.render();
        if (o.report)
            player.sample(10);
        record.screen = toString(app.state().screen);
        record.ok = played.hasValue();
        if (!played) {
            record.error = played.error().message;
            record.screenshot = "step-" + twoDigits(number) + "-failed.png";
            if (auto saved = player.save(record.screenshot); !saved)
                record.screenshot.clear();
        }
        steps << screens::toJsonLine(record) << "\n";
        steps.flush();
        core->report().stepsPlayed = number;
        if (!played) {
            std::cerr << "yimen-kiosk: scenario " << scenario->name << ": step " << number << " ("
                      << record.action << ") failed on " << record.screen << ": " << record.error << "\n";
            passed = false;
            break;
        }
    }
    core->report().passed = passed;
    core->finishReport("headless");
    if (passed)
        std::cout << "scenario " << scenario->name << ": " << number
                  << " steps passed; screenshots, steps.jsonl "
                  << "and report.json in " << fs::absolute(outDir).string() << "\n";
    return passed ? 0 : 1;
}

int runWindowed(App& app, const SimHooks& sim, const UiOptions& options) {
    auto core = openCore(options);
    if (!core)
        return 1;
    screens::WindowOptions wo;
    wo.fullscreen = options.fullscreen;
    wo.title = "一门 · 政务服务自助终端";
    wo.allowOffscreen = options.offscreenWindow;
    auto opened = screens::WindowDisplay::open(core->theme(), core->fonts(), wo);
    if (!opened) {
        std::cerr << "yimen-kiosk: " << opened.error().message << "\n";
        return 3;
    }
    screens::WindowDisplay& window = **opened;
    core->report().renderer = window.rendererName();
    log::info(kLog, "window open, renderer " + window.rendererName());

    std::string pressed;  // the widget under the finger, drawn pressed until it lifts
    std::string drawnPressed;
    std::size_t drawnSignature = 0;
    bool mustDraw = true;
    bool running = true;
    std::int64_t strokePointer = -1;  // the finger (or -1, the mouse) drawing on the writing pad
    bool enginesChecked = false;
    std::size_t quitsIgnored = 0;
    while (running && !(options.stop && options.stop->load())) {
        const Frame& frame = core->build(app.state(), window.painter());
        // Most frames look like the last one: draw only what changed (or when the window asks for it).
        const std::size_t signature = frame.signature();
        if (mustDraw || signature != drawnSignature || pressed != drawnPressed) {
            window.draw(frame, pressed);
            core->drawn(app.state());
            drawnSignature = signature;
            drawnPressed = pressed;
            if (!enginesChecked) {
                core->ui().checkEngines();  // Home is on screen: now wait for the pinyin engine if need be
                enginesChecked = true;
            }
            mustDraw = false;
        }
        window.setTextInput(core->ui().acceptsTyping());
        for (const screens::InputEvent& in : window.poll(16, options.demoKeys)) {
            using K = screens::InputEvent::Kind;
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
                const screens::Widget* w = frame.hitTest(in.at);
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
                postAndSettle(app, *event);
                core->ui().update(app.state());  // the next input in this batch meets the new screen
            }
        }
        // Let the app handle what arrived from its threads and the clock.
        turnOver(app, 1);
    }
    core->finishReport("windowed");
    return 0;
}

}  // namespace yimen::kiosk
