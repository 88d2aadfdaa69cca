// The UI: turns the session's view model into a frame, and touches, taps by id and typing into session
// events.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"
#include "kiosk/core/event.h"
#include "kiosk/core/session_state.h"
#include "screens/frame_builder.h"
#include "screens/handwriting.h"
#include "screens/input_method.h"
#include "screens/text_measure.h"
#include "screens/theme.h"
#include "screens/widget.h"

namespace yimen::screens {

// Holds the UI-layer state (toast, catalog search keypad, list pages, the keyboard, its spelling and ink) and
// the last frame built. Borrows `measure`, `pinyin` and `handwriting` for its lifetime, and the state passed
// to update() until the next update(). Never calls a driver or the network: what a tap means for the session
// is returned as an event for the caller to post. Not thread-safe: the UI thread.
class Ui {
public:
    // Chinese answers are written by hand or spelt in pinyin with whichever engines are given and work; with
    // neither, text answers get letters and digits only.
    Ui(Theme theme, TextMeasure& measure, UiConfig config = {}, InputMethod* pinyin = nullptr,
       HandwritingRecognizer* handwriting = nullptr);

    const Theme& theme() const { return theme_; }
    const UiConfig& config() const { return config_; }

    // Builds the frame for `state` and keeps it for the taps that follow. The UI-layer state is reset when
    // the session moves to another screen or question.
    const Frame& update(const kiosk::SessionState& state);
    const Frame& frame() const { return frame_; }

    // A touch at `p` (screen pixels): applies UI-layer commands at once (visible from the next update) and
    // returns the session event the touched widget means (ev::Activity for a touch only the UI acts on). A
    // touch on nothing, or under a dialog, does nothing.
    std::optional<kiosk::Event> tapAt(Point p);
    // Taps the centre of widget `id` through the same hit-test as a touch.
    // Errors: notFound (no such widget on the frame), conflict (not a touch target, or covered, e.g. by a
    // dialog).
    [[nodiscard]] Expected<std::optional<kiosk::Event>> tapId(std::string_view id);

    // A finger or the mouse going down at `p`: true when it starts a stroke on the writing pad. Until the
    // stroke ends, moves draw it and the release is not a tap.
    bool pressAt(Point p);
    // The finger moving while it draws a stroke (ignored otherwise).
    void dragTo(Point p);
    // The finger lifting at the end of a stroke: the ink is recognised, and the candidates show from the next
    // update. Returns ev::Activity for the session (the citizen is there) after a stroke, nothing otherwise.
    std::optional<kiosk::Event> endStroke();
    bool drawing() const { return drawing_; }

    // Text from a physical keyboard (windowed mode): appended to the current answer, or to the catalog
    // search. On the Chinese keyboard letters spell and a space chooses the first candidate.
    std::optional<kiosk::Event> typeText(std::string_view utf8);
    // The keyboard's backspace: removes the last letter spelt, else the last character of the answer or the
    // search.
    std::optional<kiosk::Event> backspace();
    // True when typed text would go somewhere (to start the platform's text input).
    bool acceptsTyping() const;

    // Waits for the pinyin engine to be ready (librime deploys in the background) and leaves its keyboard out
    // when it cannot work. Call once after the first frame, before a citizen can reach a text question.
    void checkEngines();

    // True once after an update() saw the session come back Home (then false until it happens again): every
    // text drawn for the last citizen must be forgotten.
    bool takeSessionEnd();

    // The number of candidates fetched for one group on screen (more than ever fit), and asked of the
    // handwriting recognizer in all.
    static constexpr std::size_t kCandidateFetch = 24;
    static constexpr std::size_t kHandwritingCandidates = 48;
    // The most strokes kept for one character, and points for one stroke: more are not drawn or recognised.
    static constexpr std::size_t kMaxStrokes = 40;
    static constexpr std::size_t kMaxStrokePoints = 512;

private:
    std::optional<kiosk::Event> activate(const Widget& w);
    void showToast(std::string text);
    // The keyboard a new question opens with; forgets any spelling and ink.
    void resetKeyboard(const kiosk::SessionState& state);
    void showPanel(Panel panel);
    const FieldSpec* textField() const;  // the text answer on screen, if any
    bool spelling() const;               // the pinyin keyboard is on screen and working
    void spell(char letter);
    std::optional<kiosk::Event> choose(std::size_t index);
    std::string chooseText(std::size_t index);  // a pinyin choice: the text now final, "" while spelling
    static std::optional<kiosk::Event> orActivity(std::optional<kiosk::Event> event);
    std::optional<kiosk::Event> append(const std::string& text);
    void showCandidates(std::size_t first);
    void recognise();
    void pinyinFailed(const Error& error);

    Theme theme_;
    TextMeasure& measure_;
    UiConfig config_;
    InputMethod* ime_ = nullptr;
    HandwritingRecognizer* handwriting_ = nullptr;
    std::vector<std::string> written_;  // everything the ink may be, best first
    Rect pad_;                          // the writing pad of the last frame
    bool drawing_ = false;
    UiState ui_;
    Frame frame_;
    const kiosk::SessionState* state_ = nullptr;
    kiosk::Screen lastScreen_ = kiosk::Screen::home;
    std::size_t lastField_ = 0;
    std::string lastItem_;
    bool sessionEnded_ = false;
    std::string lastOverflow_;  // ids of the widgets that overflowed in the last frame
};

}  // namespace yimen::screens
