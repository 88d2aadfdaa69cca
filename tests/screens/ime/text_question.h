// Shared by the Chinese keyboard tests: a citizen at the optional free-text question 备注 of the sample item,
// with the Ui built on the engines given.
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "screens_fixture.h"

namespace yimen::screens::test {

struct AtTextQuestion {
    Ui ui;
    kiosk::test::Driver d;

    AtTextQuestion(Theme theme, InputMethod* pinyin, HandwritingRecognizer* handwriting)
        : ui(std::move(theme), fonts(), {}, pinyin, handwriting) {
        d.walkTo(kiosk::Screen::form);
        d.send(kiosk::ev::Next{});  // name from the card
        d.send(kiosk::ev::Next{});  // ID number from the card
        d.send(kiosk::ev::Input{"13800138000"});
        d.send(kiosk::ev::Next{});
        d.send(kiosk::ev::Input{"300元"});
        d.send(kiosk::ev::Next{});
        REQUIRE(d.state().currentField()->id == "note");
        ui.update(d.state());
    }
    const Frame& frame() { return ui.update(d.state()); }
    // Taps a widget by id and sends the session whatever event it means.
    void tap(const std::string& id) {
        ui.update(d.state());
        auto tapped = ui.tapId(id);
        INFO(id << ": " << (tapped ? std::string() : tapped.error().message));
        REQUIRE(tapped);
        if (*tapped)
            d.send(**tapped);
        ui.update(d.state());
    }
    std::string text(const std::string& id) {
        const Widget* w = frame().find(id);
        return w ? w->text : std::string();
    }
    // The id of the candidate showing `text`, or "" when none on screen does.
    std::string candidateShowing(const std::string& text) {
        for (const Widget& w : frame().widgets)
            if (w.id.rfind("ime.candidate.", 0) == 0 && w.text == text)
                return w.id;
        return {};
    }
    const std::string& answer() const { return d.state().draft; }
};

}  // namespace yimen::screens::test
