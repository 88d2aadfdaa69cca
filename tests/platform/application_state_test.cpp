// Tests of platform/application_state.cpp: the state table of an application.
#include "platform/application_state.h"

#include <catch2/catch.hpp>

using namespace yimen::platform;

TEST_CASE("only the regular path and a rejection of an open application are legal moves", "[state]") {
    using S = ApplicationState;
    struct Move {
        S from, to;
        bool legal;
    };
    const Move moves[] = {
        {S::submitted, S::accepted, true},   {S::accepted, S::reviewing, true},
        {S::reviewing, S::completed, true},  {S::submitted, S::rejected, true},
        {S::accepted, S::rejected, true},    {S::reviewing, S::rejected, true},
        {S::submitted, S::reviewing, false}, {S::submitted, S::completed, false},
        {S::accepted, S::completed, false},  {S::accepted, S::submitted, false},
        {S::completed, S::rejected, false},  {S::rejected, S::accepted, false},
        {S::completed, S::completed, false}, {S::submitted, S::submitted, false},
    };
    for (const Move& m : moves) {
        INFO(toString(m.from) << " -> " << toString(m.to));
        CHECK(isLegalTransition(m.from, m.to) == m.legal);
    }
}

TEST_CASE("each state has its wire name and the text a citizen reads", "[state]") {
    const std::pair<const char*, const char*> expected[] = {
        {"submitted", "已提交"}, {"accepted", "已受理"},   {"reviewing", "审核中"},
        {"completed", "已办结"}, {"rejected", "不予受理"}, {"refused", "未能提交"}};
    for (const auto& [name, text] : expected) {
        const auto state = parseApplicationState(name);
        REQUIRE(state.has_value());
        CHECK(std::string(toString(*state)) == name);
        CHECK(std::string(displayText(*state)) == text);
    }
    CHECK_FALSE(parseApplicationState("approved").has_value());
    CHECK_FALSE(parseApplicationState("").has_value());
}

TEST_CASE("completed and rejected applications are closed and go nowhere", "[state]") {
    CHECK(isOpen(ApplicationState::submitted));
    CHECK(isOpen(ApplicationState::reviewing));
    CHECK_FALSE(isOpen(ApplicationState::completed));
    CHECK_FALSE(isOpen(ApplicationState::rejected));
    CHECK(nextRegularState(ApplicationState::submitted) == ApplicationState::accepted);
    CHECK(nextRegularState(ApplicationState::reviewing) == ApplicationState::completed);
    CHECK_FALSE(nextRegularState(ApplicationState::rejected).has_value());
}

TEST_CASE("refused is closed, and no move leads to it or from it", "[state]") {
    using S = ApplicationState;
    CHECK_FALSE(isOpen(S::refused));
    CHECK_FALSE(nextRegularState(S::refused).has_value());
    for (const S other : {S::submitted, S::accepted, S::reviewing, S::completed, S::rejected, S::refused}) {
        INFO(toString(other));
        CHECK_FALSE(isLegalTransition(other, S::refused));
        CHECK_FALSE(isLegalTransition(S::refused, other));
    }
}
