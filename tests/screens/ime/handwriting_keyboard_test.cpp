// The handwriting keyboard as a citizen uses it, through the Ui with the real recognizer: write on the pad
// with a finger, tap the character, take back a stroke, switch keyboards; the layout audit of every text
// question.
#include <catch2/catch.hpp>

#include <fstream>

#include "kiosk/core/texts.h"
#include "screens/ime/rime_pinyin.h"
#include "screens/ime/zinnia_handwriting.h"
#include "screens_fixture.h"
#include "tests/support/temp_dir.h"
#include "text_question.h"

using namespace yimen;
using namespace yimen::kiosk;
using namespace yimen::screens;
using namespace yimen::screens::test;
using yimen::kiosk::test::Driver;

namespace {

std::unique_ptr<ZinniaHandwriting> openRecognizer() {
    auto hw = ZinniaHandwriting::open(ZinniaHandwriting::kDefaultModel);
    REQUIRE(hw);
    return std::move(hw.value());
}

// Strokes on a 0-100 grid of the pad.
using Strokes = std::vector<std::vector<Point>>;
const Strokes kWang = {
    {{15, 18}, {85, 18}}, {{20, 50}, {80, 50}}, {{50, 18}, {50, 84}}, {{10, 84}, {90, 84}}};
const Strokes kShi = {{{10, 50}, {90, 50}}, {{50, 10}, {50, 90}}};

// The recognizer, made before the Ui that borrows it.
struct HandwritingEngine {
    std::unique_ptr<ZinniaHandwriting> hw = openRecognizer();
};

// A citizen at the free-text question 备注, with the handwriting keyboard.
struct Writer : HandwritingEngine, AtTextQuestion {
    explicit Writer(Theme theme = portrait(), InputMethod* pinyin = nullptr)
        : AtTextQuestion(std::move(theme), pinyin, hw.get()) {}
    Rect pad() {
        const Widget* p = frame().find("hand.pad");
        REQUIRE(p);
        return p->rect;
    }
    Point at(Point grid) {
        const Rect r = pad();
        return {r.x + grid.x * (r.w - 1) / 100, r.y + grid.y * (r.h - 1) / 100};
    }
    // Draws each stroke as a finger does: down, moves every few pixels, up.
    void write(const Strokes& strokes) {
        for (const auto& stroke : strokes) {
            REQUIRE(ui.pressAt(at(stroke.front())));
            for (std::size_t i = 0; i + 1 < stroke.size(); ++i) {
                const Point a = at(stroke[i]);
                const Point b = at(stroke[i + 1]);
                for (int k = 1; k <= 20; ++k)
                    ui.dragTo({a.x + (b.x - a.x) * k / 20, a.y + (b.y - a.y) * k / 20});
            }
            (void)ui.endStroke();
        }
    }
    std::size_t strokesOnPad() {
        const Widget* p = frame().find("hand.pad");
        return p ? p->strokes.size() : 0;
    }
};

}  // namespace

TEST_CASE("a free-text question opens the writing pad, and what is written is offered to tap",
          "[handwriting]") {
    Writer w;
    CHECK(w.frame().find("hand.pad"));
    CHECK(w.frame().find("panel.latin"));
    CHECK_FALSE(w.frame().find("panel.pinyin"));  // no pinyin engine given here
    CHECK(w.text("ime.prompt") == texts::kHandwritingPrompt);

    w.write(kWang);
    CHECK(w.strokesOnPad() == 4);
    CHECK(w.text("ime.candidate.0") == "王");
    CHECK(w.answer().empty());

    w.tap("ime.candidate.0");
    CHECK(w.answer() == "王");
    CHECK(w.strokesOnPad() == 0);  // the pad is ready for the next character
    CHECK(w.text("ime.prompt") == texts::kHandwritingPrompt);

    w.write(kShi);
    w.tap("ime.candidate.0");
    CHECK(w.answer() == "王十");
}

TEST_CASE("删除 takes back the last stroke, then characters of the answer; 清空 empties both",
          "[handwriting]") {
    Writer w;
    w.write(kShi);
    w.tap("ime.candidate.0");
    REQUIRE(w.answer() == "十");
    w.write(kWang);
    w.tap("hand.delete");
    CHECK(w.strokesOnPad() == 3);
    CHECK(w.answer() == "十");
    CHECK_FALSE(w.text("ime.candidate.0").empty());  // the three strokes are recognised again
    for (int i = 0; i < 3; ++i) w.tap("hand.delete");
    CHECK(w.strokesOnPad() == 0);
    CHECK(w.text("ime.prompt") == texts::kHandwritingPrompt);
    w.tap("hand.delete");  // now the answer's last character
    CHECK(w.answer().empty());

    // 清空 first wipes the pad and keeps the answer; pressed again, it empties the answer.
    w.write(kShi);
    w.tap("ime.candidate.0");
    w.write(kWang);
    w.tap("hand.clear");
    CHECK(w.answer() == "十");
    CHECK(w.strokesOnPad() == 0);
    w.tap("hand.clear");
    CHECK(w.answer().empty());
}

TEST_CASE("下一步 with ink on the pad asks to choose first", "[handwriting]") {
    Writer w;
    w.write(kShi);
    w.tap("form.next");
    CHECK(w.d.state().currentField()->id == "note");
    CHECK(w.frame().showsText(texts::kChooseCandidateFirst));
    CHECK(w.strokesOnPad() == 2);
    w.tap("ime.candidate.0");
    w.tap("form.next");
    CHECK(w.d.screen() == Screen::review);
    CHECK(w.d.state().answers.at("note") == "十");
}

TEST_CASE("a stroke starts only on the pad, and a finger sliding off draws along its edge", "[handwriting]") {
    Writer w;
    const Rect pad = w.pad();
    CHECK_FALSE(w.ui.pressAt({pad.x - 5, pad.y + 10}));
    CHECK_FALSE(w.ui.drawing());
    REQUIRE(w.ui.pressAt({pad.x + 10, pad.y + pad.h / 2}));
    w.ui.dragTo({pad.right() + 400, pad.y + pad.h / 2});
    auto activity = w.ui.endStroke();  // the session hears the citizen is there
    REQUIRE(activity);
    CHECK(std::holds_alternative<ev::Activity>(*activity));
    CHECK_FALSE(w.ui.endStroke());  // no stroke under way: nothing
    const Widget* p = w.frame().find("hand.pad");
    REQUIRE(p->strokes.size() == 1);
    for (const Point& pt : p->strokes[0]) CHECK(pad.contains(pt));
    // A press on a key is a tap, not ink.
    const Widget* key = w.frame().find("hand.clear");
    REQUIRE(key);
    CHECK_FALSE(w.ui.pressAt(key->rect.centre()));
}

TEST_CASE("the idle warning's dialog covers the pad: no ink under it", "[handwriting]") {
    Writer w;
    w.d.advance(SessionConfig{}.idleWarnAfterMs);
    REQUIRE(w.d.state().idleWarning);
    w.frame();
    CHECK_FALSE(w.ui.pressAt(w.at({50, 50})));
}

TEST_CASE("when the session ends mid-character, the ink is forgotten", "[handwriting][privacy]") {
    Writer w;
    w.write(kWang);
    REQUIRE(w.strokesOnPad() == 4);
    REQUIRE(w.frame().find("ime.candidate.0"));
    w.d.advance(SessionConfig{}.idleWarnAfterMs);
    w.d.advance(SessionConfig{}.countdownMs + 1000);
    REQUIRE(w.d.screen() == Screen::home);
    w.frame();
    // The next citizen, at the same question: a clean pad and no candidates of the last one's ink.
    w.d.walkTo(Screen::review);
    w.d.send(ev::EditField{"note"});
    REQUIRE(w.d.state().currentField()->id == "note");
    const Frame& next = w.frame();
    REQUIRE(next.find("hand.pad"));
    CHECK(next.find("hand.pad")->strokes.empty());
    CHECK_FALSE(next.find("ime.candidate.0"));
    CHECK(next.find("ime.prompt"));
}

TEST_CASE("the three keyboards switch among each other", "[handwriting][pinyin]") {
    testing::TempDir dir;
    RimePinyinOptions options;
    options.userDataDir = dir / "ime";
    auto pinyin = RimePinyin::open(options);
    REQUIRE(pinyin);
    Writer w(portrait(), pinyin.value().get());
    REQUIRE(w.frame().find("hand.pad"));
    w.write(kShi);
    w.tap("panel.pinyin");
    CHECK(w.frame().find("pinyin.a"));
    CHECK(w.frame().find("panel.handwriting"));
    CHECK(w.frame().find("panel.latin"));
    w.tap("pinyin.m");
    w.tap("pinyin.a");
    w.tap("panel.latin");
    CHECK(w.frame().find("keypad.7"));
    CHECK(w.frame().find("panel.handwriting"));
    CHECK(w.frame().find("panel.pinyin"));
    w.tap("panel.handwriting");
    CHECK(w.strokesOnPad() == 0);  // nothing of a panel follows to another
    CHECK(w.text("ime.prompt") == texts::kHandwritingPrompt);
}

TEST_CASE("a recognizer that fails turns the writing pad off with a word, and letters still work",
          "[handwriting]") {
    testing::TempDir dir;
    std::ofstream(dir / "broken.model") << "this is not a model";
    auto broken = ZinniaHandwriting::open(dir / "broken.model");
    REQUIRE(broken);
    Ui ui(portrait(), fonts(), {}, nullptr, broken.value().get());
    Driver d;
    d.walkTo(Screen::review);
    d.send(ev::EditField{"note"});
    REQUIRE(d.state().currentField()->id == "note");
    const Widget* pad = ui.update(d.state()).find("hand.pad");
    REQUIRE(pad);
    const Rect r = pad->rect;
    REQUIRE(ui.pressAt(r.centre()));
    ui.dragTo({r.centre().x + 100, r.centre().y});
    ui.endStroke();
    const Frame& after = ui.update(d.state());
    CHECK(after.showsText(texts::kHandwritingFailed));
    CHECK_FALSE(after.find("hand.pad"));
    CHECK(after.find("keypad.A"));
    CHECK(after.showsText(texts::kOnScreenLettersOnly));  // no Chinese keyboard is left: say so
}

TEST_CASE("every text question of the seed catalog passes the layout audit with the handwriting keyboard",
          "[handwriting][layout_audit]") {
    auto hw = openRecognizer();
    const int frames = auditEveryTextQuestion(nullptr, hw.get(),
                                              [](Ui& ui, Driver& d, const FieldSpec& f, const auto& audit) {
                                                  if (f.keyboard == yimen::Keyboard::latin) {
                                                      audit("(letters and digits)");
                                                      REQUIRE(ui.tapId("panel.handwriting"));
                                                  }
                                                  audit("(writing pad)");
                                                  d.send(ev::Input{longestAnswer(f)});
                                                  const Widget* pad = ui.update(d.state()).find("hand.pad");
                                                  REQUIRE(pad);
                                                  const Rect r = pad->rect;
                                                  REQUIRE(ui.pressAt({r.x + r.w / 10, r.y + r.h / 2}));
                                                  ui.dragTo({r.x + r.w * 9 / 10, r.y + r.h / 2});
                                                  (void)ui.endStroke();
                                                  audit("(written, candidates shown)");
                                                  REQUIRE(ui.tapId("ime.more"));
                                                  audit("(second group of candidates)");
                                              });
    CHECK(frames >= 40);
}
