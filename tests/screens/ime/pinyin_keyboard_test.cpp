// The pinyin keyboard as a citizen uses it, through the Ui with the real input method: spell, tap the
// characters, page the candidates, switch keyboards; the layout audit of every text question with it.
#include <catch2/catch.hpp>

#include "kiosk/core/texts.h"
#include "screens/ime/rime_pinyin.h"
#include "screens_fixture.h"
#include "tests/support/temp_dir.h"
#include "text_question.h"

using namespace yimen;
using namespace yimen::kiosk;
using namespace yimen::screens;
using namespace yimen::screens::test;
using yimen::kiosk::test::Driver;
using yimen::testing::TempDir;

namespace {

std::unique_ptr<RimePinyin> openPinyin(const TempDir& dir) {
    RimePinyinOptions options;
    options.userDataDir = dir / "ime";
    auto ime = RimePinyin::open(options);
    REQUIRE(ime);
    REQUIRE(ime.value()->ready());
    return std::move(ime.value());
}

// The engine, made before the Ui that borrows it.
struct PinyinEngine {
    TempDir dir;
    std::unique_ptr<RimePinyin> ime = openPinyin(dir);
};

// A citizen at the free-text question 备注, with the pinyin keyboard.
struct Citizen : PinyinEngine, AtTextQuestion {
    explicit Citizen(Theme theme = portrait()) : AtTextQuestion(std::move(theme), ime.get(), nullptr) {}
    void spell(std::string_view letters) {
        for (char c : letters) tap("pinyin." + std::string(1, c));
    }
};

}  // namespace

TEST_CASE("a free-text question opens the pinyin keyboard, and spelling shows candidates to tap",
          "[pinyin]") {
    Citizen k;
    CHECK(k.frame().find("pinyin.a"));
    CHECK(k.frame().find("panel.latin"));
    CHECK_FALSE(k.frame().find("form.lettersOnly"));  // no "ask the staff" any more
    CHECK(k.text("ime.prompt") == texts::kPinyinPrompt);

    auto letter = k.ui.tapId("pinyin.z");  // a letter changes no answer, but tells the session of the citizen
    REQUIRE(letter);
    REQUIRE(*letter);
    CHECK(std::holds_alternative<ev::Activity>(**letter));
    k.spell("hengwu");
    CHECK(k.text("ime.spelling") == "zheng wu");
    CHECK(k.text("ime.candidate.0") == "政务");
    CHECK(k.answer().empty());  // nothing is typed until a character is chosen

    k.tap("ime.candidate.0");
    CHECK(k.answer() == "政务");
    CHECK(k.text("form.value") == "政务");
    CHECK_FALSE(k.frame().find("ime.candidate.0"));
    CHECK(k.text("ime.prompt") == texts::kPinyinPrompt);

    // More words go after it.
    k.spell("fuwu");
    k.tap("ime.candidate.0");
    CHECK(k.answer() == "政务服务");
}

TEST_CASE("a name is chosen a character at a time, each choice shown in the spelling", "[pinyin]") {
    Citizen k;
    k.spell("weixiuying");
    const std::string wei = k.candidateShowing("韦");
    if (wei.empty()) {
        // 韦 may be on a later group: page to it.
        for (int i = 0; i < 10 && k.candidateShowing("韦").empty(); ++i) k.tap("ime.more");
    }
    REQUIRE_FALSE(k.candidateShowing("韦").empty());
    k.tap(k.candidateShowing("韦"));
    CHECK(k.answer().empty());
    CHECK(k.text("ime.spelling") == "韦xiu ying");
    REQUIRE_FALSE(k.candidateShowing("秀英").empty());
    k.tap(k.candidateShowing("秀英"));
    CHECK(k.answer() == "韦秀英");
}

TEST_CASE("更多 and 前一组 page through the candidates", "[pinyin]") {
    Citizen k;
    k.spell("shi");
    const std::string first = k.text("ime.candidate.0");
    REQUIRE_FALSE(first.empty());
    CHECK_FALSE(k.frame().find("ime.earlier"));
    REQUIRE(k.frame().find("ime.more"));
    k.tap("ime.more");
    CHECK_FALSE(k.frame().find("ime.candidate.0"));
    CHECK(k.frame().find("ime.earlier"));
    // The first candidate of the second group continues the count where the first group stopped.
    std::string secondGroupFirst;
    for (const Widget& w : k.frame().widgets)
        if (w.id.rfind("ime.candidate.", 0) == 0 && secondGroupFirst.empty())
            secondGroupFirst = w.id;
    REQUIRE_FALSE(secondGroupFirst.empty());
    const std::string chosenText = k.text(secondGroupFirst);
    k.tap("ime.earlier");
    CHECK(k.text("ime.candidate.0") == first);
    k.tap("ime.more");
    k.tap(secondGroupFirst);
    CHECK(k.answer() == chosenText);
}

TEST_CASE(
    "删除 takes back a letter while spelling, then characters of the answer; 清空 the spelling, then the "
    "answer",
    "[pinyin]") {
    Citizen k;
    k.spell("ni");
    k.tap("ime.candidate.0");
    const std::string ni = k.answer();
    REQUIRE_FALSE(ni.empty());
    k.spell("hao");
    k.tap("pinyin.delete");
    CHECK(k.text("ime.spelling") == "ha");
    CHECK(k.answer() == ni);
    k.tap("pinyin.delete");
    k.tap("pinyin.delete");
    CHECK(k.text("ime.prompt") == texts::kPinyinPrompt);
    k.tap("pinyin.delete");  // now the answer's last character
    CHECK(k.answer().empty());

    // 清空 first discards the spelling and keeps the answer; pressed again, it empties the answer.
    k.spell("nihao");
    k.tap("ime.candidate.0");
    const std::string hello = k.answer();
    REQUIRE_FALSE(hello.empty());
    k.spell("zai");
    k.tap("pinyin.clear");
    CHECK(k.answer() == hello);
    CHECK(k.text("ime.prompt") == texts::kPinyinPrompt);
    k.tap("pinyin.clear");
    CHECK(k.answer().empty());
}

TEST_CASE("下一步 while spelling asks to choose first, and nothing is lost", "[pinyin]") {
    Citizen k;
    k.spell("dizhi");
    k.tap("form.next");
    CHECK(k.d.state().currentField()->id == "note");
    CHECK(k.frame().showsText(texts::kChooseCandidateFirst));
    CHECK(k.text("ime.spelling") == "di zhi");
    k.tap("ime.candidate.0");
    k.tap("form.next");
    CHECK(k.d.screen() == Screen::review);
    CHECK(k.d.state().answers.at("note") == "地址");
}

TEST_CASE("the keyboard switches to letters and digits and back, forgetting the spelling", "[pinyin]") {
    Citizen k;
    k.spell("men");
    k.tap("panel.latin");
    CHECK(k.frame().find("keypad.7"));
    CHECK(k.frame().find("panel.pinyin"));
    CHECK_FALSE(k.frame().find("pinyin.a"));
    k.tap("keypad.3");
    CHECK(k.answer() == "3");
    k.tap("panel.pinyin");
    CHECK(k.text("ime.prompt") == texts::kPinyinPrompt);
    k.spell("hao");
    REQUIRE_FALSE(k.candidateShowing("号").empty());
    k.tap(k.candidateShowing("号"));
    CHECK(k.answer() == "3号");
}

TEST_CASE("codes and numbers open on letters and digits; the spelling never follows to another question",
          "[pinyin]") {
    TempDir dir;
    auto ime = openPinyin(dir);
    Ui ui(portrait(), fonts(), {}, ime.get());
    Driver d;
    d.send(ev::CatalogLoaded{seedCatalog()});
    d.send(ev::StartApply{});
    d.send(ev::SelectItem{"minimum-living-allowance"});
    d.send(ev::StartItem{});
    d.send(ev::CardRead{kiosk::test::sampleCard()});
    while (d.screen() == Screen::form && d.state().currentField()->id != "monthlyIncome") {
        const FieldSpec& f = *d.state().currentField();
        if (!d.state().draftFromCard)
            d.send(ev::Input{longestAnswer(f)});
        d.send(ev::Next{});
    }
    REQUIRE(d.screen() == Screen::form);
    const Frame& income = ui.update(d.state());
    CHECK(income.find("keypad.7"));
    CHECK(income.find("panel.pinyin"));
    CHECK_FALSE(income.find("pinyin.a"));

    // Spell on the Chinese keyboard here, then go back a question: the spelling is gone.
    REQUIRE(ui.tapId("panel.pinyin"));
    ui.update(d.state());
    REQUIRE(ui.tapId("pinyin.q"));
    REQUIRE(ui.update(d.state()).find("ime.candidate.0"));
    d.send(ev::Back{});
    const Frame& previous = ui.update(d.state());
    CHECK_FALSE(previous.find("ime.candidate.0"));
    CHECK_FALSE(previous.showsText("q"));
    CHECK_FALSE(ime->composition(0, 1).composing());
}

TEST_CASE("when the session ends mid-spelling, the spelling is forgotten", "[pinyin][privacy]") {
    Citizen k;
    k.spell("weixiu");
    REQUIRE(k.frame().showsText("wei xiu"));
    k.d.advance(SessionConfig{}.idleWarnAfterMs);
    k.d.advance(SessionConfig{}.countdownMs + 1000);
    REQUIRE(k.d.screen() == Screen::home);
    CHECK_FALSE(k.frame().showsText("wei xiu"));
    CHECK_FALSE(k.ime->composition(0, 1).composing());
}

TEST_CASE("an answer at its longest takes no more characters, and says so", "[pinyin]") {
    Citizen k;
    const int limit = k.d.state().currentField()->maxLength;
    std::string full;
    for (int i = 0; i < limit; ++i) full += "村";
    k.d.send(ev::Input{full});
    k.spell("zhen");
    k.tap("ime.candidate.0");
    CHECK(k.answer() == full);
    CHECK(k.frame().showsText(texts::kAnswerFull));
}

TEST_CASE("a physical keyboard spells too: letters, space for the first candidate, backspace", "[pinyin]") {
    Citizen k;
    // Spelling changes no answer: the session only hears that the citizen is there.
    for (const char* typed : {"c", "u", "n", "x"}) {
        auto e = k.ui.typeText(typed);
        REQUIRE(e);
        CHECK(std::holds_alternative<ev::Activity>(*e));
    }
    auto back = k.ui.backspace();
    REQUIRE(back);
    CHECK(std::holds_alternative<ev::Activity>(*back));
    CHECK(k.text("ime.spelling") == "cun");
    auto chosen = k.ui.typeText(" ");
    REQUIRE(chosen);
    k.d.send(*chosen);
    CHECK(k.answer() == "村");
    auto digits = k.ui.typeText("3");
    REQUIRE(digits);
    k.d.send(*digits);
    CHECK(k.answer() == "村3");

    // Several characters in one go (a paste) keep their order: a choice, then plain text after it.
    auto pasted = k.ui.typeText("hao 12");
    REQUIRE(pasted);
    k.d.send(*pasted);
    CHECK(k.answer() == "村3好12");
}

TEST_CASE("every text question of the seed catalog passes the layout audit with the pinyin keyboard",
          "[pinyin][layout_audit]") {
    TempDir dir;
    auto ime = openPinyin(dir);
    const int frames = auditEveryTextQuestion(
        ime.get(), nullptr, [](Ui& ui, Driver& d, const FieldSpec& f, const auto& audit) {
            auto tap = [&](const std::string& id) {
                ui.update(d.state());
                auto tapped = ui.tapId(id);
                INFO(id << ": " << (tapped ? std::string() : tapped.error().message));
                REQUIRE(tapped);
                if (*tapped)
                    d.send(**tapped);
            };
            if (f.keyboard == yimen::Keyboard::latin)
                tap("panel.pinyin");
            audit("(pinyin keyboard)");
            // A long spelling: long candidates, and the answer at its longest behind it.
            d.send(ev::Input{longestAnswer(f)});
            for (char c : std::string("zhonghuarenmingongheguo")) tap("pinyin." + std::string(1, c));
            audit("(spelling a long phrase)");
            tap("ime.more");
            audit("(second group of candidates)");
            tap("panel.latin");
            audit("(letters and digits)");
        });
    CHECK(frames >= 40);
}
