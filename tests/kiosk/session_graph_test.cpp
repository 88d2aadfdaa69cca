// Tests for the shape of kiosk/core's machines: walks the graph their tables declare.
#include <catch2/catch.hpp>
#include <cstring>
#include <deque>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/apply_journey.h"
#include "kiosk/core/top_level.h"

using namespace yimen::kiosk;
using namespace yimen::kiosk::core;

namespace {

using Row = SessionTable::Row;

std::vector<Screen> allScreens() {
    std::vector<Screen> out;
    for (int i = 0; std::strcmp(toString(static_cast<Screen>(i)), "?") != 0; ++i)
        out.push_back(static_cast<Screen>(i));
    return out;
}

// One default-constructed value of every event the session knows.
template <std::size_t... I>
std::vector<Event> eventsOf(std::index_sequence<I...>) {
    return {Event(std::in_place_index<I>)...};
}
std::vector<Event> allEvents() {
    return eventsOf(std::make_index_sequence<std::variant_size_v<Event>>{});
}

// The tables in the order the session tries them.
std::vector<const SessionTable*> sessionTables() {
    std::vector<const SessionTable*> out;
    for (const Journey* j : journeys()) out.push_back(&j->table);
    out.push_back(&topLevelTable());
    return out;
}

// The screens `table` can move to from each screen, whatever its guards say.
std::set<std::pair<Screen, Screen>> edges(const std::vector<const SessionTable*>& tables) {
    std::set<std::pair<Screen, Screen>> out;
    for (const SessionTable* table : tables)
        for (const Row& row : table->rows()) {
            if (row.kind != RowKind::handle)
                continue;
            for (Screen from : allScreens())
                if (!row.from || *row.from == from)
                    out.emplace(from, row.to.value_or(from));
        }
    return out;
}

std::set<Screen> reachable(Screen start, const std::set<std::pair<Screen, Screen>>& graph, bool backwards) {
    std::set<Screen> seen{start};
    std::deque<Screen> frontier{start};
    while (!frontier.empty()) {
        const Screen at = frontier.front();
        frontier.pop_front();
        for (auto [from, to] : graph) {
            const Screen near = backwards ? to : from;
            const Screen far = backwards ? from : to;
            if (near == at && seen.insert(far).second)
                frontier.push_back(far);
        }
    }
    return seen;
}

// The first row that can never be skipped for (screen, event): no guard, so the lookup cannot fall through.
const Row* declaredFate(const std::vector<const SessionTable*>& tables, Screen screen, std::size_t event) {
    for (const SessionTable* table : tables)
        for (const Row& row : table->rows())
            if (row.event == event && (!row.from || *row.from == screen) && !row.guard)
                return &row;
    return nullptr;
}

void checkReachesAndReturns(const std::vector<Screen>& screens,
                            const std::vector<const SessionTable*>& tables) {
    const auto graph = edges(tables);
    const auto fromHome = reachable(Screen::home, graph, false);
    const auto toHome = reachable(Screen::home, graph, true);
    for (Screen s : screens) {
        INFO("screen " << toString(s));
        CHECK(fromHome.count(s) == 1);
        CHECK(toHome.count(s) == 1);
    }
}

}  // namespace

TEST_CASE("every screen of the apply journey is reachable from home and has a way back", "[session][graph]") {
    const Journey& apply = applyJourney();
    REQUIRE_FALSE(apply.screens.empty());
    // On its own table alone: the journey neither needs the top level to be walked nor leaves a screen
    // stranded.
    checkReachesAndReturns(apply.screens, {&apply.table});
}

TEST_CASE("every screen of the session is reachable from home and has a way back", "[session][graph]") {
    checkReachesAndReturns(allScreens(), sessionTables());
}

TEST_CASE("every event has a declared fate on every screen: handled, ignored or unexpected",
          "[session][graph]") {
    const auto tables = sessionTables();
    for (Screen s : allScreens())
        for (const Event& e : allEvents()) {
            INFO("event " << eventName(e) << " on screen " << toString(s));
            CHECK(declaredFate(tables, s, e.index()) != nullptr);
        }
}

TEST_CASE("every citizen intent a screen can emit is acted on or declared on each journey screen",
          "[session][graph]") {
    // The session turns an intent with no row of its own into a logged bug only when a row says so.
    const auto tables = sessionTables();
    int declaredUnexpected = 0;
    for (Screen s : allScreens())
        for (const Event& e : allEvents()) {
            if (!isCitizenIntent(e))
                continue;
            const Row* fate = declaredFate(tables, s, e.index());
            REQUIRE(fate);
            if (fate->kind == RowKind::unexpected)
                ++declaredUnexpected;
        }
    // Back on Home, Submit on the catalog …: each is a declared row, not a fall-through.
    CHECK(declaredUnexpected > 0);
}

TEST_CASE("each screen belongs to exactly one machine, and journeys start only from home",
          "[session][graph]") {
    std::set<Screen> owned{Screen::home};
    for (const Journey* j : journeys())
        for (Screen s : j->screens) {
            INFO("journey " << j->name << " screen " << toString(s));
            CHECK(owned.insert(s).second);
        }
    CHECK(owned.size() == allScreens().size());
    for (const Journey* j : journeys()) {
        const std::set<Screen> mine(j->screens.begin(), j->screens.end());
        for (const Row& row : j->table.rows()) {
            INFO("journey " << j->name);
            REQUIRE(row.from);
            CHECK((mine.count(*row.from) == 1 || *row.from == Screen::home));
        }
    }
}

TEST_CASE("the walk finds a screen with no way back and an event with no declared fate", "[session][graph]") {
    SessionTable broken;
    broken.on<ev::StartApply>(Screen::home, Screen::catalog, nullptr)
        .on<ev::Next>(
            Screen::catalog, [](const Step&, const ev::Next&) { return true; }, Screen::home, nullptr);
    const auto graph = edges({&broken});
    CHECK(reachable(Screen::home, graph, false).count(Screen::catalog) == 1);
    // The only way back is guarded and counts as a way; a screen nothing leads to is not reachable.
    CHECK(reachable(Screen::home, graph, true).count(Screen::catalog) == 1);
    CHECK(reachable(Screen::home, graph, false).count(Screen::review) == 0);
    CHECK(reachable(Screen::home, graph, true).count(Screen::review) == 0);
    // A guarded row alone may fall through, so it is no declared fate; neither is an event with no row.
    const auto next = SessionTable::indexOf<ev::Next>();
    CHECK(declaredFate({&broken}, Screen::catalog, next) == nullptr);
    CHECK(declaredFate({&broken}, Screen::home, SessionTable::indexOf<ev::Back>()) == nullptr);
    broken.ignore<ev::Next>(std::nullopt);
    REQUIRE(declaredFate({&broken}, Screen::catalog, next));
    CHECK(declaredFate({&broken}, Screen::catalog, next)->kind == RowKind::ignore);
}
