// The toolkit every screen builder uses: text layout into widgets, buttons, flow columns, header and nav bar.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/session_state.h"
#include "screens/text_measure.h"
#include "screens/theme.h"
#include "screens/widget.h"

namespace yimen::screens {

// What the UI must agree on with the session's configuration.
struct UiConfig {
    int catalogPageSize = 6;        // SessionConfig::catalogPageSize
    int utcOffsetMinutes = 8 * 60;  // for the clock and the greeting
    std::int64_t toastMs = 2'500;   // how long a toast stays
};

// The keyboards of a text answer: Chinese by handwriting or by pinyin, or letters and digits.
enum class Panel { handwriting, pinyin, latin };

// The candidates on screen: of the pinyin spelt, or of the characters the ink may be.
struct CandidateList {
    std::vector<std::string> items;  // from index `first` among all candidates
    std::size_t first = 0;
    bool more = false;  // candidates exist after the last of `items`
};

// UI-layer state that the session does not hold: reset whenever the session changes screen.
struct UiState {
    bool searchOpen = false;           // the catalog's initials keypad is showing
    std::map<std::string, int> pages;  // page of the named list (review rows, choice options)
    std::string toast;                 // shown until toastUntilMs (session clock)
    std::int64_t toastUntilMs = 0;

    // The keyboard of a text answer.
    bool pinyinAvailable = false;       // the pinyin engine works
    bool handwritingAvailable = false;  // the handwriting recognizer works
    Panel panel = Panel::latin;
    std::string spelling;  // the pinyin spelt so far as shown ("zheng wu", "张xiao ming"); "" when none
    std::vector<std::vector<Point>> ink;     // the strokes on the writing pad, in screen pixels
    CandidateList candidates;                // of the spelling or of the ink
    std::vector<std::size_t> earlierGroups;  // where the groups of candidates before this one started

    // A spelling or ink not yet turned into characters: moving on would lose it.
    bool choosing() const { return !spelling.empty() || !ink.empty(); }
};

enum class ButtonStyle {
    primary,    // the screen's main action
    secondary,  // 返回, 首页, 上一页 ...
    key,        // keypad keys
    option,     // choice options and categories; `selected` fills it
};

// Builds one frame. Borrows everything for its own lifetime; the UI thread only.
class FrameBuilder {
public:
    FrameBuilder(const Theme& theme, TextMeasure& measure, const UiState& ui, const UiConfig& config,
                 const kiosk::SessionState& state);

    const Theme& theme;
    TextMeasure& measure;
    const UiState& ui;
    const UiConfig& config;
    const kiosk::SessionState& state;

    Frame take() { return std::move(frame_); }
    Frame& frame() { return frame_; }

    // Adds the widget and lays its text out in its rectangle, flagging overflow. Returns its index.
    std::size_t add(Widget w);
    Widget& at(std::size_t index) { return frame_.widgets[index]; }

    int textWidth(std::string_view text, int px, bool bold);
    int lineHeight(int px, bool bold);
    // Height a text needs in a box `width` wide, padding included.
    int textHeight(std::string_view text, int px, bool bold, int width, int padding = 0);

    std::size_t label(std::string id, Rect r, std::string text, int px, bool bold, Color color,
                      Align align = Align::start, Align valign = Align::centre);
    std::size_t panel(std::string id, Rect r, Color fill, int radius = 0, std::optional<Color> border = {});
    std::size_t button(std::string id, Rect r, std::string text, Action action, ButtonStyle style,
                       bool selected = false);
    // Width a button needs for its text.
    int buttonWidth(std::string_view text, ButtonStyle style);

    // A column filled top-down; what passes `bottom` is flagged as overflow.
    struct Column {
        int x = 0;
        int y = 0;
        int w = 0;
        int bottom = 0;
    };
    // A label exactly as tall as its text needs, placed at the column's cursor.
    std::size_t flowText(Column& c, std::string id, std::string text, int px, bool bold, Color color,
                         Align align = Align::start);
    // A coloured box with text (errors, notices), placed at the column's cursor.
    std::size_t flowBanner(Column& c, std::string id, std::string text, Color fill, Color textColor,
                           std::optional<Color> border = {});
    // Reserves `h` pixels at the column's cursor (flagging `index` when it does not fit).
    Rect take(Column& c, int h, std::optional<std::size_t> index = {});

    // The header: emblem, title, the clock unless on Home, and the journey step (0..5) when given.
    // Returns the y where the content may start.
    int header(std::optional<int> journeyStep);
    // The bottom bar with 返回 (nav.back), 首页 (nav.home) and the screen's main action. Returns its top y.
    struct Primary {
        std::string id;
        std::string text;
        kiosk::Event event;
        ButtonStyle style = ButtonStyle::primary;
    };
    int navBar(bool back, bool home, std::optional<Primary> primary);

    // "HH:MM" and "2026年11月29日 星期日" of the session clock.
    std::string clockText() const;
    std::string dateText() const;
    int localHour() const;

private:
    void layoutText(Widget& w);
    Frame frame_;
};

// Event helpers for actions.
inline Action sessionAction(kiosk::Event e) {
    return Action{std::move(e), UiCommand::none, {}};
}
inline Action uiAction(UiCommand command, std::string arg = {}, int value = 0) {
    return Action{std::nullopt, command, std::move(arg), value};
}

}  // namespace yimen::screens
