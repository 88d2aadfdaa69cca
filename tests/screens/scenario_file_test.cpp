// Tests for screens/scenario: parsing scenario files, and the scenarios shipped in scenarios/.
#include "screens/scenario.h"

#include <catch2/catch.hpp>

#include "screens/run_report.h"

using namespace yimen;
using namespace yimen::screens;

TEST_CASE("a scenario's steps are read with their arguments", "[scenario]") {
    auto s =
        parseScenario(R"({"name":"t","steps":[{"tap":"home.apply"},{"waitFor":"catalog","timeoutMs":5000},
        {"type":"CX","keys":"initials"},{"insertCard":0},{"removeCard":true},{"advanceClock":61000},
        {"screenshot":"form-phone","ifScreen":"form"},{"expectNoText":"韦秀英"}]})");
    REQUIRE(s);
    CHECK(s->name == "t");
    REQUIRE(s->steps.size() == 8);
    CHECK(s->steps[0].kind == StepKind::tap);
    CHECK(s->steps[0].text == "home.apply");
    CHECK(s->steps[1].timeoutMs == 5000);
    CHECK(s->steps[2].keys == "initials");
    CHECK(s->steps[3].number == 0);
    CHECK(s->steps[5].describe() == "advanceClock 61000");
    CHECK(s->steps[6].ifScreen == "form");
    CHECK(s->steps[7].describe() == "expectNoText 韦秀英");
}

TEST_CASE("a bad step is refused with its number and the reason", "[scenario]") {
    auto unknown = parseScenario(R"({"steps":[{"tap":"a"},{"fly":"b"}]})");
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().message.find("step 2") != std::string::npos);
    CHECK(unknown.error().message.find("fly") != std::string::npos);
    CHECK_FALSE(parseScenario(R"({"steps":[{"tap":"a","waitFor":"b"}]})"));
    CHECK_FALSE(parseScenario(R"({"steps":[{"tap":""}]})"));
    CHECK_FALSE(parseScenario(R"({"steps":[{"advanceClock":-5}]})"));
    CHECK_FALSE(parseScenario(R"({"steps":[{"screenshot":"../etc/passwd"}]})"));
    CHECK_FALSE(parseScenario(R"({"steps":[{"removeCard":false}]})"));
    CHECK_FALSE(parseScenario(R"({"steps":{}})"));
    CHECK_FALSE(parseScenario("not json"));
}

TEST_CASE("a write step carries its strokes on the pad's 0-100 grid, and bad strokes are refused",
          "[scenario]") {
    auto s =
        parseScenario(R"({"steps":[{"write":"hand.pad","strokes":[[[10,50],[90,50]],[[50,10],[50,90]]]}]})");
    REQUIRE(s);
    REQUIRE(s->steps.size() == 1);
    CHECK(s->steps[0].kind == StepKind::write);
    CHECK(s->steps[0].text == "hand.pad");
    REQUIRE(s->steps[0].strokes.size() == 2);
    CHECK(s->steps[0].strokes[1][1].x == 50);
    CHECK(s->steps[0].strokes[1][1].y == 90);

    for (const char* bad :
         {R"({"steps":[{"write":"hand.pad"}]})", R"({"steps":[{"tap":"a","strokes":[[[1,1]]]}]})",
          R"({"steps":[{"write":"hand.pad","strokes":[]}]})",
          R"({"steps":[{"write":"hand.pad","strokes":[[]]}]})",
          R"({"steps":[{"write":"hand.pad","strokes":[[[1,101]]]}]})",
          R"({"steps":[{"write":"hand.pad","strokes":[[[1]]]}]})",
          R"({"steps":[{"write":"hand.pad","strokes":[[["a","b"]]]}]})",
          R"({"steps":[{"write":"hand.pad","strokes":[[[-1,5]]]}]})"}) {
        INFO(bad);
        auto refused = parseScenario(bad);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().message.find("step 1") != std::string::npos);
    }
}

TEST_CASE("the shipped scenarios parse", "[scenario]") {
    for (const char* name : {"apply", "idle_timeout"}) {
        INFO(name);
        auto s = loadScenario(std::string(YIMEN_SOURCE_DIR) + "/scenarios/" + name + ".json");
        REQUIRE(s);
        CHECK(s->steps.size() > 10);
    }
}

TEST_CASE("a missing scenario file is an io error naming it", "[scenario]") {
    auto s = loadScenario("/nonexistent/scenario.json");
    REQUIRE_FALSE(s);
    CHECK(s.error().code == ErrorCode::io);
}

TEST_CASE("frame figures report the nearest-rank percentiles per screen", "[scenario]") {
    std::vector<double> ms;
    for (int i = 1; i <= 100; ++i) ms.push_back(i);
    CHECK(percentile(ms, 50) == 50);
    CHECK(percentile(ms, 99) == 99);
    CHECK(percentile({}, 50) == 0);
    RunReport r;
    r.mode = "headless";
    r.frames.add("home", 2.0);
    r.frames.add("home", 4.0);
    const std::string json = toJson(r);
    CHECK(json.find("\"home\"") != std::string::npos);
    CHECK(json.find("\"p99Ms\": 4.0") != std::string::npos);
    StepRecord step{3, "tap home.apply", false, "home", 12.345, "no widget", "step-03-failed.png"};
    CHECK(
        toJsonLine(step) ==
        R"({"step":3,"action":"tap home.apply","ok":false,"screen":"home","ms":12.35,"error":"no widget","screenshot":"step-03-failed.png"})");
}
