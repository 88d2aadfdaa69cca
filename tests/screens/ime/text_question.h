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

// Walks every question of every item of the seed catalog in both orientations with a Ui on the engines given.
// At each text question the card does not fill, calls atText(ui, driver, field, audit), where audit(what)
// checks the frame on screen with the layout audit; then answers the question and moves on. Returns the
// number of frames audited.
template <typename AtText>
int auditEveryTextQuestion(InputMethod* pinyin, HandwritingRecognizer* handwriting, AtText atText) {
    int frames = 0;
    for (const Theme& theme : {portrait(), landscape()}) {
        Ui ui(theme, fonts(), {}, pinyin, handwriting);
        kiosk::test::Driver d;
        const auto seed = seedCatalog();
        d.send(kiosk::ev::CatalogLoaded{seed});
        for (const Item& item : seed->items) {
            d.send(kiosk::ev::Home{});
            d.send(kiosk::ev::StartApply{});
            d.send(kiosk::ev::SelectItem{item.id});
            d.send(kiosk::ev::StartItem{});
            d.send(kiosk::ev::CardRead{kiosk::test::sampleCard()});
            while (d.screen() == kiosk::Screen::form) {
                const FieldSpec& f = *d.state().currentField();
                if (!d.state().draftFromCard && (f.type == FieldType::text || f.type == FieldType::address)) {
                    auto audit = [&](const std::string& what) {
                        const std::string problems = problemsOf(ui.update(d.state()), theme);
                        INFO(item.id << "/" << f.id << " " << what << " in "
                                     << (theme.landscape() ? "landscape" : "portrait") << ":\n"
                                     << problems);
                        CHECK(problems.empty());
                        ++frames;
                    };
                    ui.update(d.state());
                    atText(ui, d, f, audit);
                }
                d.send(kiosk::ev::Input{longestAnswer(f)});
                d.send(kiosk::ev::Next{});
            }
        }
    }
    return frames;
}

}  // namespace yimen::screens::test
