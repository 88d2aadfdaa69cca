// Event names for logs and scenarios, and which events are the citizen's own.
#include "kiosk/core/event.h"

#include "common/overloaded.h"

namespace yimen::kiosk {

const char* eventName(const Event& event) {
    static const char* const names[] = {"Tick",
                                        "CatalogLoaded",
                                        "StartApply",
                                        "SelectCategory",
                                        "SearchInitials",
                                        "PageNext",
                                        "PagePrevious",
                                        "SelectItem",
                                        "StartItem",
                                        "Input",
                                        "Next",
                                        "Back",
                                        "EditField",
                                        "Submit",
                                        "Rate",
                                        "SkipRating",
                                        "StartTrack",
                                        "TypeReceipt",
                                        "StartRate",
                                        "ToggleReason",
                                        "Home",
                                        "ExtendTime",
                                        "Activity",
                                        "CardRead",
                                        "CardReadFailed",
                                        "Scanned",
                                        "ApplicationQueued",
                                        "ApplicationSaveFailed",
                                        "DeliveryReported",
                                        "LookupAnswered",
                                        "PrintFinished",
                                        "DeviceHealthChanged",
                                        "WorkerFailed"};
    static_assert(sizeof(names) / sizeof(names[0]) == std::variant_size_v<Event>);
    return names[event.index()];
}

bool isCitizenIntent(const Event& event) {
    return std::visit(
        Overloaded{[](const ev::Tick&) { return false; }, [](const ev::CatalogLoaded&) { return false; },
                   [](const ev::CardRead&) { return false; }, [](const ev::CardReadFailed&) { return false; },
                   [](const ev::ApplicationQueued&) { return false; },
                   [](const ev::ApplicationSaveFailed&) { return false; },
                   [](const ev::DeliveryReported&) { return false; },
                   [](const ev::LookupAnswered&) { return false; },
                   [](const ev::PrintFinished&) { return false; },
                   [](const ev::DeviceHealthChanged&) { return false; },
                   [](const ev::WorkerFailed&) { return false; }, [](const auto&) { return true; }},
        event);
}

}  // namespace yimen::kiosk
