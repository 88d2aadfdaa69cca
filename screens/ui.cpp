// Ui: frame building with the UI-layer state, hit-testing, and keyboard input.
#include "screens/ui.h"

#include <cctype>

#include "common/log.h"
#include "screens/field_entry.h"
#include "screens/screens.h"

namespace yimen::screens {

Ui::Ui(Theme theme, TextMeasure& measure, UiConfig config)
    : theme_(std::move(theme)), measure_(measure), config_(config) {}

const Frame& Ui::update(const kiosk::SessionState& state) {
    const bool moved = state.screen != lastScreen_ || state.itemId != lastItem_ ||
                       (state.screen == kiosk::Screen::form && state.fieldIndex != lastField_);
    if (state.screen == kiosk::Screen::home && lastScreen_ != kiosk::Screen::home)
        sessionEnded_ = true;
    if (moved) {
        ui_.pages.clear();
        if (state.screen != kiosk::Screen::catalog)
            ui_.searchOpen = false;
        if (state.screen != lastScreen_)
            ui_.toast.clear();
    }
    lastScreen_ = state.screen;
    lastField_ = state.fieldIndex;
    lastItem_ = state.itemId;
    state_ = &state;
    frame_ = buildFrame(state, theme_, measure_, ui_, config_);
    std::string overflow;
    for (const Widget& w : frame_.widgets)
        if (w.overflow && !w.inert)
            overflow += (overflow.empty() ? "" : ", ") + w.id;
    if (overflow != lastOverflow_ && !overflow.empty())
        log::warn("screens",
                  std::string("does not fit on ") + kiosk::toString(state.screen) + ": " + overflow);
    lastOverflow_ = std::move(overflow);
    return frame_;
}

bool Ui::takeSessionEnd() {
    const bool ended = sessionEnded_;
    sessionEnded_ = false;
    return ended;
}

std::optional<kiosk::Event> Ui::activate(const Widget& w) {
    const Action& a = *w.action;
    switch (a.ui) {
    case UiCommand::none: break;
    case UiCommand::toast:
        ui_.toast = a.uiArg;
        ui_.toastUntilMs = (state_ ? state_->nowMs : 0) + config_.toastMs;
        break;
    case UiCommand::openSearch: ui_.searchOpen = true; break;
    case UiCommand::closeSearch: ui_.searchOpen = false; break;
    case UiCommand::showPage: ui_.pages[a.uiArg] = a.uiValue; break;
    }
    return a.event;
}

std::optional<kiosk::Event> Ui::tapAt(Point p) {
    const Widget* w = frame_.hitTest(p);
    if (!w)
        return std::nullopt;
    return activate(*w);
}

Expected<std::optional<kiosk::Event>> Ui::tapId(std::string_view id) {
    const Widget* w = frame_.find(id);
    if (!w)
        return fail(ErrorCode::notFound, "no widget " + std::string(id) + " on this screen");
    if (!w->action)
        return fail(ErrorCode::conflict, std::string(id) + " is not a touch target");
    const Widget* hit = frame_.hitTest(w->rect.centre());
    if (hit != w)
        return fail(ErrorCode::conflict,
                    std::string(id) + " is covered" + (hit ? " by " + hit->id : std::string(" by a dialog")));
    return activate(*w);
}

bool Ui::acceptsTyping() const {
    if (!state_ || state_->idleWarning)
        return false;
    if (state_->screen == kiosk::Screen::catalog)
        return true;
    const FieldSpec* f = state_->screen == kiosk::Screen::form ? state_->currentField() : nullptr;
    return f && f->type != FieldType::choice;
}

std::optional<kiosk::Event> Ui::typeText(std::string_view utf8) {
    if (!acceptsTyping() || utf8.empty())
        return std::nullopt;
    if (state_->screen == kiosk::Screen::catalog) {
        std::string initials = state_->searchInitials;
        for (char c : utf8)
            if (std::isalpha(static_cast<unsigned char>(c)))
                initials.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
        if (initials == state_->searchInitials)
            return std::nullopt;
        ui_.searchOpen = true;
        return kiosk::ev::SearchInitials{initials};
    }
    const std::string value = screens::typeText(*state_->currentField(), state_->draft, utf8);
    if (value == state_->draft)
        return std::nullopt;
    return kiosk::ev::Input{value};
}

std::optional<kiosk::Event> Ui::backspace() {
    if (!acceptsTyping())
        return std::nullopt;
    if (state_->screen == kiosk::Screen::catalog) {
        if (state_->searchInitials.empty())
            return std::nullopt;
        std::string initials = state_->searchInitials;
        initials.pop_back();
        return kiosk::ev::SearchInitials{initials};
    }
    return kiosk::ev::Input{pressKey(*state_->currentField(), state_->draft, "delete")};
}

}  // namespace yimen::screens
