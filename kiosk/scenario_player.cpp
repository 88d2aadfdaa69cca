// The scenario player: plays a scenario file step by step against the app, headless, with figures.
#include "kiosk/scenario_player.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>

#include "kiosk/store/outbox.h"
#include "kiosk/ui_core.h"
#include "screens/headless_display.h"
#include "screens/scenario.h"

namespace yimen::kiosk {
namespace {

namespace fs = std::filesystem;
using screens::Frame;
using screens::ScenarioStep;
using screens::StepKind;

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
            app_.runUntilIdle();
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
    // Posts the event and runs the app until it is idle: the session has handled it (and whatever else was
    // waiting), so the next frame, and the next key, which carries the whole answer, build on it.
    void settle(const Event& event) {
        app_.post(event);
        app_.runUntilIdle();
    }

    [[nodiscard]] Status tap(const std::string& id) {
        render();
        auto tapped = core_.ui().tapId(id);
        if (!tapped)
            return tapped.error();
        if (*tapped)
            settle(**tapped);
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
                settle(*activity);
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
        if (name == "outboxDrained")
            return std::function<bool(const SessionState&)>([this](const SessionState&) {
                auto summary = app_.outbox().summary();
                return summary && summary->pending == 0;
            });
        if (name == "idleWarning")
            return std::function<bool(const SessionState&)>(
                [](const SessionState& s) { return s.idleWarning.has_value(); });
        for (Screen screen : kAllScreens)
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

}  // namespace yimen::kiosk
