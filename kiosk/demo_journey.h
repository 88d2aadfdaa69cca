// The scripted citizen of the headless demo: applies for an item from Home to Home through the real app.
#pragma once

#include <functional>
#include <string>

#include "common/error.h"
#include "kiosk/app.h"

namespace yimen::kiosk {

struct DemoJourneyOptions {
    std::string itemId;                // empty: the first item of the catalog
    std::function<void()> insertCard;  // puts the sample card on the (simulated) reader
    std::function<void()> removeCard;
    std::function<void(const std::string&)> step;  // told each step as it happens, e.g. to print it
};

// A plausible answer for a field the card does not fill, e.g. a mobile number for a phone field.
std::string sampleAnswer(const FieldSpec& field);

// Plays: 办事 → item → 开始办理 → card → every field → review → submit → receipt printed → rating 5 → Home,
// and returns once the store has written what the journey asked it to (the rating is in the outbox).
// Errors: timeout naming the step that did not happen (e.g. the catalog never arrived).
[[nodiscard]] Status playDemoJourney(App& app, const DemoJourneyOptions& options);

}  // namespace yimen::kiosk
