// Ui: frame building with the UI-layer state, hit-testing, and keyboard input.
#include "screens/ui.h"

#include <algorithm>
#include <cctype>
#include <variant>

#include "common/log.h"
#include "kiosk/core/texts.h"
#include "screens/field_entry.h"
#include "screens/screens.h"

namespace yimen::screens {

Ui::Ui(Theme theme, TextMeasure& measure, UiConfig config, InputMethod* pinyin,
       HandwritingRecognizer* handwriting)
    : theme_(std::move(theme)), measure_(measure), config_(config), ime_(pinyin), handwriting_(handwriting) {
    ui_.pinyinAvailable = ime_ != nullptr;
    ui_.handwritingAvailable = handwriting_ != nullptr;
}

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
        resetKeyboard(state);
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

void Ui::showToast(std::string text) {
    ui_.toast = std::move(text);
    ui_.toastUntilMs = (state_ ? state_->nowMs : 0) + config_.toastMs;
}

std::optional<kiosk::Event> Ui::activate(const Widget& w) {
    const Action& a = *w.action;
    // A spelling or ink not yet turned into characters would be lost by moving on.
    if (a.event && std::holds_alternative<kiosk::ev::Next>(*a.event) && ui_.choosing()) {
        showToast(kiosk::texts::kChooseCandidateFirst);
        return std::nullopt;
    }
    switch (a.ui) {
    case UiCommand::none: break;
    case UiCommand::toast: showToast(a.uiArg); break;
    case UiCommand::openSearch: ui_.searchOpen = true; break;
    case UiCommand::closeSearch: ui_.searchOpen = false; break;
    case UiCommand::showPage: ui_.pages[a.uiArg] = a.uiValue; break;
    case UiCommand::pinyinLetter:
        if (!a.uiArg.empty())
            spell(a.uiArg[0]);
        break;
    case UiCommand::pinyinBackspace:
        if (ime_)
            if (Status s = ime_->backspace(); !s)
                pinyinFailed(s.error());
        showCandidates(0);
        break;
    case UiCommand::undoStroke:
        if (!ui_.ink.empty())
            ui_.ink.pop_back();
        recognise();
        break;
    case UiCommand::clearEntry:
        if (ime_)
            ime_->clear();
        ui_.ink.clear();
        written_.clear();
        showCandidates(0);
        break;
    case UiCommand::chooseCandidate: return choose(static_cast<std::size_t>(std::max(0, a.uiValue)));
    case UiCommand::moreCandidates:
        ui_.earlierGroups.push_back(ui_.candidates.first);
        showCandidates(static_cast<std::size_t>(std::max(0, a.uiValue)));
        break;
    case UiCommand::earlierCandidates: {
        std::size_t first = 0;
        if (!ui_.earlierGroups.empty()) {
            first = ui_.earlierGroups.back();
            ui_.earlierGroups.pop_back();
        }
        showCandidates(first);
        break;
    }
    case UiCommand::showPanel: showPanel(static_cast<Panel>(std::clamp(a.uiValue, 0, 2))); break;
    }
    return a.event;
}

void Ui::showPanel(Panel panel) {
    if (ime_)
        ime_->clear();
    ui_.spelling.clear();
    ui_.ink.clear();
    written_.clear();
    ui_.candidates = {};
    ui_.earlierGroups.clear();
    drawing_ = false;
    if (panel == Panel::handwriting && !ui_.handwritingAvailable)
        panel = ui_.pinyinAvailable ? Panel::pinyin : Panel::latin;
    if (panel == Panel::pinyin && !ui_.pinyinAvailable)
        panel = ui_.handwritingAvailable ? Panel::handwriting : Panel::latin;
    ui_.panel = panel;
}

void Ui::resetKeyboard(const kiosk::SessionState& state) {
    const FieldSpec* f = state.screen == kiosk::Screen::form ? state.currentField() : nullptr;
    // Chinese answers open on handwriting, the way most people write; numbers and codes on letters and
    // digits.
    showPanel(f && f->keyboard == Keyboard::latin ? Panel::latin : Panel::handwriting);
}

const FieldSpec* Ui::textField() const {
    if (!state_ || state_->screen != kiosk::Screen::form || state_->draftFromCard)
        return nullptr;
    const FieldSpec* f = state_->currentField();
    return f && (f->type == FieldType::text || f->type == FieldType::address) ? f : nullptr;
}

bool Ui::spelling() const {
    return ime_ && ui_.pinyinAvailable && ui_.panel == Panel::pinyin && textField();
}

void Ui::showCandidates(std::size_t first) {
    if (first == 0)
        ui_.earlierGroups.clear();
    ui_.candidates = {};
    ui_.candidates.first = first;
    if (ui_.panel == Panel::handwriting) {
        for (std::size_t i = first; i < written_.size() && ui_.candidates.items.size() < kCandidateFetch; ++i)
            ui_.candidates.items.push_back(written_[i]);
        ui_.candidates.more = first + ui_.candidates.items.size() < written_.size();
        return;
    }
    ui_.spelling.clear();
    if (!ime_ || !ui_.pinyinAvailable)
        return;
    Composition c = ime_->composition(first, kCandidateFetch);
    ui_.spelling = std::move(c.preedit);
    ui_.candidates.items = std::move(c.candidates);
    ui_.candidates.more = c.more;
}

void Ui::spell(char letter) {
    if (!ime_)
        return;
    if (Status s = ime_->type(letter); !s)
        pinyinFailed(s.error());
    showCandidates(0);
}

std::optional<kiosk::Event> Ui::choose(std::size_t index) {
    if (ui_.panel == Panel::handwriting) {
        if (index >= written_.size())
            return std::nullopt;
        const std::string chosen = written_[index];
        ui_.ink.clear();
        written_.clear();
        showCandidates(0);
        return append(chosen);
    }
    const std::string chosen = chooseText(index);
    if (chosen.empty())
        return std::nullopt;  // more syllables to choose, or the engine failed (said on screen)
    return append(chosen);
}

std::string Ui::chooseText(std::size_t index) {
    if (!ime_)
        return {};
    auto chosen = ime_->choose(index);
    showCandidates(0);
    if (!chosen) {
        pinyinFailed(chosen.error());
        return {};
    }
    return chosen.value();
}

void Ui::checkEngines() {
    if (!ime_ || !ui_.pinyinAvailable)
        return;
    if (Status ready = ime_->ready(); !ready) {
        log::error("screens", "pinyin input is off: " + ready.error().describe());
        ui_.pinyinAvailable = false;
        if (ui_.panel == Panel::pinyin)
            showPanel(Panel::handwriting);
    }
}

// The answer with `text` after it, or a word that it is full.
std::optional<kiosk::Event> Ui::append(const std::string& text) {
    const FieldSpec* f = state_ && state_->screen == kiosk::Screen::form ? state_->currentField() : nullptr;
    if (!f)
        return std::nullopt;
    const std::string value = screens::typeText(*f, state_->draft, text);
    if (value == state_->draft) {
        showToast(kiosk::texts::kAnswerFull);
        return std::nullopt;
    }
    return kiosk::ev::Input{value};
}

void Ui::pinyinFailed(const Error& error) {
    switch (error.code) {
    case ErrorCode::conflict: showToast(kiosk::texts::kSpellingTooLong); return;
    case ErrorCode::invalidInput:
    case ErrorCode::notFound: log::debug("screens", "pinyin: " + error.describe()); return;
    default: break;
    }
    // The engine itself failed: the other keyboards still work.
    log::error("screens", "pinyin input is off: " + error.describe());
    ui_.pinyinAvailable = false;
    showPanel(Panel::handwriting);
    showToast(kiosk::texts::kPinyinFailed);
}

bool Ui::pressAt(Point p) {
    drawing_ = false;
    if (!handwriting_ || ui_.panel != Panel::handwriting || !textField() || state_->idleWarning)
        return false;
    const Widget* pad = frame_.find("hand.pad");
    if (!pad || pad->inert || !pad->rect.contains(p))
        return false;
    pad_ = pad->rect;
    // Past the most strokes a character has, the touch is taken (it is no tap) but draws nothing.
    drawing_ = ui_.ink.size() < kMaxStrokes;
    if (drawing_)
        ui_.ink.push_back({p});
    return true;
}

void Ui::dragTo(Point p) {
    if (!drawing_ || ui_.ink.empty())
        return;
    std::vector<Point>& stroke = ui_.ink.back();
    // A finger sliding off the pad draws along its edge.
    p.x = std::clamp(p.x, pad_.x, pad_.right() - 1);
    p.y = std::clamp(p.y, pad_.y, pad_.bottom() - 1);
    if (stroke.size() >= kMaxStrokePoints || (stroke.back().x == p.x && stroke.back().y == p.y))
        return;
    stroke.push_back(p);
}

std::optional<kiosk::Event> Ui::endStroke() {
    if (!drawing_)
        return std::nullopt;
    drawing_ = false;
    recognise();
    return kiosk::ev::Activity{};
}

void Ui::recognise() {
    written_.clear();
    if (handwriting_ && !ui_.ink.empty()) {
        Ink ink;
        ink.width = pad_.w;
        ink.height = pad_.h;
        for (const auto& stroke : ui_.ink) {
            std::vector<Point> points;
            for (const Point& pt : stroke) points.push_back({pt.x - pad_.x, pt.y - pad_.y});
            ink.strokes.push_back(std::move(points));
        }
        auto found = handwriting_->recognize(ink, kHandwritingCandidates);
        if (found) {
            written_ = std::move(found.value());
        } else if (found.error().code != ErrorCode::invalidInput) {
            // The recognizer itself failed: pinyin and letters still work.
            log::error("screens", "handwriting input is off: " + found.error().describe());
            ui_.handwritingAvailable = false;
            showPanel(Panel::pinyin);
            showToast(kiosk::texts::kHandwritingFailed);
            return;
        }
    }
    showCandidates(0);
}

std::optional<kiosk::Event> Ui::tapAt(Point p) {
    const Widget* w = frame_.hitTest(p);
    if (!w)
        return std::nullopt;
    return orActivity(activate(*w));
}

// A touch the UI handled by itself still tells the session the citizen is there.
std::optional<kiosk::Event> Ui::orActivity(std::optional<kiosk::Event> event) {
    return event ? std::move(event) : std::optional<kiosk::Event>(kiosk::ev::Activity{});
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
    return orActivity(activate(*w));
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
    if (spelling()) {
        // Letters spell, a space takes the first candidate, anything else typed goes into the answer when no
        // spelling is open; all in the order typed.
        std::string answer = state_->draft;
        const FieldSpec& field = *state_->currentField();
        for (char c : utf8) {
            const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (lower >= 'a' && lower <= 'z') {
                spell(lower);
            } else if (c == ' ' && !ui_.spelling.empty()) {
                const std::string chosen = chooseText(ui_.candidates.first);
                if (!chosen.empty())
                    answer = screens::typeText(field, answer, chosen);
            } else if (ui_.spelling.empty()) {
                answer = screens::typeText(field, answer, std::string_view(&c, 1));
            }
        }
        if (answer == state_->draft)
            return kiosk::ev::Activity{};
        return kiosk::ev::Input{answer};
    }
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
    if (spelling() && !ui_.spelling.empty()) {
        if (Status s = ime_->backspace(); !s)
            pinyinFailed(s.error());
        showCandidates(0);
        return kiosk::ev::Activity{};
    }
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
