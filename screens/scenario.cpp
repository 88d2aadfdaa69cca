// Scenario parsing with nlohmann-json; its exceptions stop here.
#include "screens/scenario.h"

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

namespace yimen::screens {
namespace {

using nlohmann::json;

struct ActionKey {
    const char* key;
    StepKind kind;
    enum class Arg { text, number, yes } arg;
};

constexpr ActionKey kActions[] = {
    {"tap", StepKind::tap, ActionKey::Arg::text},
    {"type", StepKind::type, ActionKey::Arg::text},
    {"waitFor", StepKind::waitFor, ActionKey::Arg::text},
    {"waitForText", StepKind::waitForText, ActionKey::Arg::text},
    {"screenshot", StepKind::screenshot, ActionKey::Arg::text},
    {"insertCard", StepKind::insertCard, ActionKey::Arg::number},
    {"removeCard", StepKind::removeCard, ActionKey::Arg::yes},
    {"scan", StepKind::scan, ActionKey::Arg::text},
    {"scanLastReceipt", StepKind::scanLastReceipt, ActionKey::Arg::yes},
    {"advanceClock", StepKind::advanceClock, ActionKey::Arg::number},
    {"expectVisible", StepKind::expectVisible, ActionKey::Arg::text},
    {"expectHidden", StepKind::expectHidden, ActionKey::Arg::text},
    {"expectText", StepKind::expectText, ActionKey::Arg::text},
    {"expectNoText", StepKind::expectNoText, ActionKey::Arg::text},
    {"expectScreen", StepKind::expectScreen, ActionKey::Arg::text},
    {"write", StepKind::write, ActionKey::Arg::text},
};

// "strokes": [[[x,y], ...], ...] with x, y in 0..100.
Expected<std::vector<std::vector<Point>>> parseStrokes(const json& value) {
    constexpr std::size_t kMostStrokes = 40;
    if (!value.is_array() || value.empty() || value.size() > kMostStrokes)
        return fail(ErrorCode::invalidInput, "strokes must be a list of 1 to 40 strokes");
    std::vector<std::vector<Point>> strokes;
    for (const json& stroke : value) {
        if (!stroke.is_array() || stroke.empty())
            return fail(ErrorCode::invalidInput, "each stroke must be a list of [x, y] points");
        std::vector<Point> points;
        for (const json& p : stroke) {
            if (!p.is_array() || p.size() != 2 || !p[0].is_number_integer() || !p[1].is_number_integer())
                return fail(ErrorCode::invalidInput, "a point must be [x, y], two whole numbers");
            const int x = p[0].get<int>();
            const int y = p[1].get<int>();
            if (x < 0 || x > 100 || y < 0 || y > 100)
                return fail(ErrorCode::invalidInput, "a point must lie on the 0-100 grid of the pad");
            points.push_back({x, y});
        }
        strokes.push_back(std::move(points));
    }
    return strokes;
}

bool safeName(const std::string& s) {
    if (s.empty() || s.size() > 64)
        return false;
    for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
            return false;
    return true;
}

Expected<ScenarioStep> parseStep(const json& j) {
    if (!j.is_object())
        return fail(ErrorCode::invalidInput, "not an object");
    ScenarioStep step;
    const ActionKey* found = nullptr;
    for (const auto& [key, value] : j.items()) {
        if (key == "timeoutMs") {
            if (!value.is_number_integer() || value.get<std::int64_t>() <= 0)
                return fail(ErrorCode::invalidInput, "timeoutMs must be a positive integer");
            step.timeoutMs = value.get<std::int64_t>();
            continue;
        }
        if (key == "keys") {
            if (!value.is_string() || (value != "keypad" && value != "initials" && value != "pinyin"))
                return fail(ErrorCode::invalidInput, "keys must be \"keypad\", \"initials\" or \"pinyin\"");
            step.keys = value.get<std::string>();
            continue;
        }
        if (key == "strokes") {
            auto strokes = parseStrokes(value);
            if (!strokes)
                return strokes.error();
            step.strokes = std::move(strokes.value());
            continue;
        }
        if (key == "ifScreen") {
            if (!value.is_string())
                return fail(ErrorCode::invalidInput, "ifScreen must be a string");
            step.ifScreen = value.get<std::string>();
            continue;
        }
        const ActionKey* action = nullptr;
        for (const ActionKey& a : kActions)
            if (key == a.key)
                action = &a;
        if (!action)
            return fail(ErrorCode::invalidInput, "unknown action \"" + key + "\"");
        if (found)
            return fail(ErrorCode::invalidInput, std::string("two actions: ") + found->key + " and " + key);
        found = action;
        step.kind = action->kind;
        switch (action->arg) {
        case ActionKey::Arg::text:
            if (!value.is_string() || value.get<std::string>().empty())
                return fail(ErrorCode::invalidInput, key + " needs a non-empty string");
            step.text = value.get<std::string>();
            break;
        case ActionKey::Arg::number:
            if (!value.is_number_integer() || value.get<std::int64_t>() < 0)
                return fail(ErrorCode::invalidInput, key + " needs a non-negative integer");
            step.number = value.get<std::int64_t>();
            break;
        case ActionKey::Arg::yes:
            if (value != true)
                return fail(ErrorCode::invalidInput, key + " needs true");
            break;
        }
    }
    if (!found)
        return fail(ErrorCode::invalidInput, "no action");
    if ((step.kind == StepKind::write) != !step.strokes.empty())
        return fail(ErrorCode::invalidInput, "strokes go with write, and write needs strokes");
    if (step.kind == StepKind::screenshot && !safeName(step.text))
        return fail(ErrorCode::invalidInput, "screenshot name must be letters, digits, - or _");
    return step;
}

}  // namespace

const char* toString(StepKind kind) {
    for (const ActionKey& a : kActions)
        if (a.kind == kind)
            return a.key;
    return "?";
}

std::string ScenarioStep::describe() const {
    std::string out = toString(kind);
    switch (kind) {
    case StepKind::insertCard:
    case StepKind::advanceClock: return out + " " + std::to_string(number);
    case StepKind::removeCard:
    case StepKind::scanLastReceipt: return out;
    default: return out + " " + text;
    }
}

Expected<Scenario> parseScenario(const std::string& text) {
    json j;
    try {
        j = json::parse(text);
    } catch (const std::exception& e) {
        return fail(ErrorCode::invalidInput, std::string("scenario is not JSON: ") + e.what());
    }
    if (!j.is_object() || !j.contains("steps") || !j["steps"].is_array())
        return fail(ErrorCode::invalidInput, "scenario needs a \"steps\" array");
    Scenario s;
    if (j.contains("name")) {
        if (!j["name"].is_string())
            return fail(ErrorCode::invalidInput, "scenario name must be a string");
        s.name = j["name"].get<std::string>();
    }
    int n = 0;
    for (const json& step : j["steps"]) {
        ++n;
        auto parsed = parseStep(step);
        if (!parsed)
            return parsed.error().withContext("step " + std::to_string(n));
        s.steps.push_back(std::move(*parsed));
    }
    return s;
}

Expected<Scenario> loadScenario(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail(ErrorCode::io, "cannot read scenario " + path);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    auto parsed = parseScenario(text);
    if (!parsed)
        return parsed.error().withContext(path);
    return parsed;
}

}  // namespace yimen::screens
