// The state table of an application, in one place.
#include "platform/application_state.h"

#include <array>

namespace yimen::platform {
namespace {

struct StateRow {
    ApplicationState state;
    const char* name;
    const char* text;
    std::optional<ApplicationState> next;  // the regular path
    bool mayBeRejected;
};

constexpr std::array<StateRow, 6> kStates{{
    {ApplicationState::submitted, "submitted", "已提交", ApplicationState::accepted, true},
    {ApplicationState::accepted, "accepted", "已受理", ApplicationState::reviewing, true},
    {ApplicationState::reviewing, "reviewing", "审核中", ApplicationState::completed, true},
    {ApplicationState::completed, "completed", "已办结", std::nullopt, false},
    {ApplicationState::rejected, "rejected", "不予受理", std::nullopt, false},
    {ApplicationState::refused, "refused", "未能提交", std::nullopt, false},
}};

const StateRow& row(ApplicationState state) {
    for (const StateRow& r : kStates)
        if (r.state == state)
            return r;
    return kStates.front();
}

}  // namespace

const char* toString(ApplicationState state) {
    return row(state).name;
}

const char* displayText(ApplicationState state) {
    return row(state).text;
}

std::optional<ApplicationState> parseApplicationState(std::string_view name) {
    for (const StateRow& r : kStates)
        if (name == r.name)
            return r.state;
    return std::nullopt;
}

bool isLegalTransition(ApplicationState from, ApplicationState to) {
    const StateRow& r = row(from);
    if (to == ApplicationState::rejected)
        return r.mayBeRejected;
    return r.next == to;
}

bool isOpen(ApplicationState state) {
    return row(state).next.has_value();
}

std::optional<ApplicationState> nextRegularState(ApplicationState state) {
    return row(state).next;
}

}  // namespace yimen::platform
