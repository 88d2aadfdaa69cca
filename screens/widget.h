// Widgets and frames: what a screen builder produces, the painter draws, the audit checks and taps are tested
// on.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/event.h"
#include "screens/geometry.h"

namespace yimen::screens {

enum class WidgetKind {
    panel,       // a filled area: header, footer, cards, banners
    label,       // text only
    button,      // a touch target with a label
    badge,       // a filled circle with one character
    face,        // a rating face (level 1..5) drawn inside its rectangle
    qr,          // a QR code of `data`, drawn on a light square
    cardReader,  // the illustration of an ID card on the reader
    spinner,     // the submitting indicator; `level` is the animation phase
    scrim,       // dims and blocks everything under it (behind a dialog)
    writingPad,  // the handwriting pad: a box with a 田 guide and the `strokes` written on it
};

enum class Align { start, centre, end };

// A UI-layer reaction to a tap that does not concern the session.
enum class UiCommand {
    none,
    toast,       // show `uiArg` for a moment (e.g. 暂未开通)
    openSearch,  // show the initials keypad on the catalog
    closeSearch,
    showPage,  // show page `uiValue` of the list named `uiArg` (review rows, choice options)
    // The keyboards of a text answer (the Ui carries them out with its input engines):
    pinyinLetter,       // add the letter `uiArg` to the spelling
    pinyinBackspace,    // remove the last letter of the spelling
    undoStroke,         // remove the last stroke written on the pad
    clearEntry,         // forget the spelling or the ink
    chooseCandidate,    // choose candidate `uiValue` (its index among all candidates)
    moreCandidates,     // show the candidates from index `uiValue`
    earlierCandidates,  // show the group of candidates before the one on screen
    showPanel,          // show the keyboard `uiValue` (a Panel)
};

// What a tap on a widget does: an event for the session, a UI-layer command, or both.
struct Action {
    std::optional<kiosk::Event> event;
    UiCommand ui = UiCommand::none;
    std::string uiArg;
    int uiValue = 0;
};

struct Widget {
    std::string id;  // stable, e.g. "home.apply", "keypad.7", "review.edit.phone"
    WidgetKind kind = WidgetKind::label;
    Rect rect;

    // Look
    std::optional<Color> fill;
    std::optional<Color> border;
    int borderWidth = 0;
    int radius = 0;  // corner radius; badges are circles

    // Text, laid out by the builder into `lines` that fit the rectangle less `padding`.
    std::string text;
    int textPx = 0;
    bool bold = false;
    Color textColor;
    Align align = Align::centre;
    Align valign = Align::centre;
    int padding = 0;
    int lineHeight = 0;
    std::vector<std::string> lines;
    bool overflow = false;  // the text (or the widget) did not fit where it was placed

    std::string data;                         // the QR payload
    int level = 0;                            // face level 1..5, spinner phase
    std::vector<std::vector<Point>> strokes;  // the writing pad's ink, in screen pixels

    std::optional<Action> action;  // set for touch targets
    bool inert = false;            // under a modal dialog: drawn, but neither tappable nor audited
    bool selected = false;         // the chosen option, category or page
    bool floating = false;  // a transient note over the screen (toast): not part of the layout under it

    bool tappable() const { return action.has_value() && !inert; }
    Rect textArea() const { return rect.inset(padding, padding); }
};

// One screenful of widgets in drawing order (later widgets are drawn over earlier ones).
struct Frame {
    int width = 0;
    int height = 0;
    Color background;
    std::vector<Widget> widgets;

    const Widget* find(std::string_view id) const;
    // The topmost tappable widget under `p`; nothing when a scrim or nothing tappable is on top.
    const Widget* hitTest(Point p) const;
    // True when some widget's text or data contains `fragment`.
    bool showsText(std::string_view fragment) const;
    // Every widget's text and data, for privacy checks and logs.
    std::vector<std::string> texts() const;
    // A hash of everything drawn: equal signatures draw the same picture (a loop need not redraw).
    std::size_t signature() const;
};

}  // namespace yimen::screens
