// Tests for the app's worker threads: a thread that dies is reported, shown and restarted.
#include <catch2/catch.hpp>
#include <stdexcept>

#include "app_fixture.h"
#include "drivers/health/device_health.h"
#include "kiosk/core/texts.h"
#include "kiosk/store/audit_log.h"

using namespace yimen;
using namespace yimen::kiosk;
using namespace yimen::kiosk::test;
using namespace std::chrono_literals;

TEST_CASE("a card reader whose read throws is reported, shown out of order, restarted and reads again",
          "[app][worker]") {
    AppFixture f;
    std::atomic<bool> thrown{false};
    std::atomic<bool> cardOn{false};
    f.reader.script([&]() -> Expected<std::optional<Identity>> {
        if (!thrown.exchange(true))
            throw std::runtime_error("usb transfer exploded");
        if (!cardOn)
            return std::optional<Identity>{};
        return std::optional<Identity>{sampleCard()};
    });
    f.send(ev::StartApply{});
    f.send(ev::SelectItem{"pension"});
    f.send(ev::StartItem{});
    REQUIRE(f.app->state().screen == Screen::identify);

    // The death reaches the session: the identify screen says the reader is out of order.
    REQUIRE(
        f.until([](const SessionState& s) { return s.identifyMessage == texts::kReaderUnavailable; }, 5s));
    CHECK_FALSE(f.app->state().deviceUsable("cardReader"));
    CHECK(f.app->health().health(drivers::config::DeviceKind::cardReader).state !=
          drivers::health::HealthState::ok);

    // The thread was restarted: it reads again, and the card goes through.
    const int readsBefore = f.reader.reads;
    REQUIRE(f.until([&](const SessionState&) { return f.reader.reads > readsBefore; }, 5s));
    cardOn = true;
    REQUIRE(f.until([](const SessionState& s) { return s.screen == Screen::form; }, 5s));
    CHECK(f.app->health().health(drivers::config::DeviceKind::cardReader).state ==
          drivers::health::HealthState::ok);

    // The death is on record for the technician.
    REQUIRE(f.app->flushStore(5s));
    auto recent = f.app->audit().recent(50);
    REQUIRE(recent);
    bool recorded = false;
    for (const auto& e : *recent)
        recorded = recorded || (e.action == "worker_failed" &&
                                e.detail.find("usb transfer exploded") != std::string::npos);
    CHECK(recorded);
}
