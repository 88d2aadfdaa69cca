// Tests for kiosk/config: defaults, overrides, relative paths and clear errors.
#include "kiosk/config.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

using namespace yimen;
using namespace yimen::kiosk;

namespace {
std::string writeConfig(const std::string& name, const std::string& text) {
    const auto dir = std::filesystem::temp_directory_path() / "yimen-config-test";
    std::filesystem::create_directories(dir);
    const auto path = dir / name;
    std::ofstream(path) << text;
    return path.string();
}
}  // namespace

TEST_CASE("a configuration file overrides only the keys it names and resolves paths next to itself",
          "[config]") {
    const auto path = writeConfig("a.json", R"({"kioskId":"kiosk-0007","terminalNumber":7,"dataDir":"state",
        "platform":{"port":9443,"caFile":"/etc/yimen/ca.crt","certFile":"pki/k.crt","requestTimeoutMs":3000},
        "session":{"idleWarnAfterMs":45000},"devices":{"printerWidthDots":384}})");
    auto c = loadConfig(path);
    REQUIRE(c);
    CHECK(c->kioskId == "kiosk-0007");
    CHECK(c->terminalNumber == 7);
    CHECK(c->platform.port == 9443);
    CHECK(c->platform.host == "127.0.0.1");
    CHECK(c->platform.caFile == "/etc/yimen/ca.crt");
    CHECK(c->platform.certFile == (std::filesystem::path(path).parent_path() / "pki/k.crt").string());
    CHECK(c->platform.requestTimeout == std::chrono::milliseconds(3000));
    CHECK(c->session.idleWarnAfterMs == 45000);
    CHECK(c->session.countdownMs == 30000);
    CHECK(c->devices.printerWidthDots == 384);
    CHECK(c->logFile == (std::filesystem::path(path).parent_path() / "state" / "kiosk.log").string());
}

TEST_CASE("a bad configuration is refused with a message naming the problem", "[config]") {
    auto missing = loadConfig("/nonexistent/kiosk.json");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::io);

    auto notJson = loadConfig(writeConfig("b.json", "{port: 1"));
    REQUIRE_FALSE(notJson);
    CHECK(notJson.error().code == ErrorCode::invalidInput);

    auto wrongType = loadConfig(writeConfig("c.json", R"({"platform":{"port":"eighty"}})"));
    REQUIRE_FALSE(wrongType);
    CHECK(wrongType.error().message.find("platform.port") != std::string::npos);

    auto shortCountdown = loadConfig(writeConfig("d.json", R"({"session":{"countdownMs":5000}})"));
    REQUIRE_FALSE(shortCountdown);
    CHECK(shortCountdown.error().message.find("20000") != std::string::npos);

    auto hastyLookup = loadConfig(writeConfig("g.json", R"({"session":{"lookupWaitMs":100}})"));
    REQUIRE_FALSE(hastyLookup);
    CHECK(hastyLookup.error().message.find("session.lookupWaitMs") != std::string::npos);
    CHECK(loadConfig(writeConfig("h.json", R"({"session":{"lookupWaitMs":30000}})"))
              .value()
              .session.lookupWaitMs == 30000);

    CHECK_FALSE(loadConfig(writeConfig("e.json", R"({"devices":{"printerWidthDots":500}})")));
    CHECK_FALSE(loadConfig(writeConfig("f.json", R"({"terminalNumber":0})")));
}

TEST_CASE("a number too large or not whole is refused, never cast", "[config]") {
    // A float or an out-of-range integer converted to int is undefined behaviour (the fuzzer's finding).
    auto huge = loadConfig(writeConfig("g.json", R"({"terminalNumber": 1e300})"));
    REQUIRE_FALSE(huge);
    CHECK(huge.error().message.find("terminalNumber") != std::string::npos);
    auto hugeMs = loadConfig(writeConfig("h.json", R"({"session":{"countdownMs": 1e300}})"));
    REQUIRE_FALSE(hugeMs);
    CHECK(hugeMs.error().message.find("session.countdownMs") != std::string::npos);
    CHECK_FALSE(loadConfig(writeConfig("i.json", R"({"terminalNumber": 1.5})")));
    CHECK_FALSE(loadConfig(writeConfig("j.json", R"({"platform":{"port": 18446744073709551615}})")));
    CHECK(loadConfig(writeConfig("k.json", R"({"terminalNumber": 7})"))->terminalNumber == 7);
}
