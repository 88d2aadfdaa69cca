// Tests for drivers/health/device_health: outcomes mapped to health, and a board that reports only changes.
#include <catch2/catch.hpp>

#include "drivers/health/device_health.h"
#include "health_test_support.h"

using namespace yimen;
using namespace yimen::drivers::health;

TEST_CASE("driver_outcomes_map_to_ok_absent_or_degraded_with_the_reason") {
    struct Row {
        Status outcome;
        HealthState state;
        std::string reason;
    };
    const std::vector<Row> rows{
        {Status{}, HealthState::ok, ""},
        {Status{Error{ErrorCode::unavailable, "device unplugged"}}, HealthState::absent, "device unplugged"},
        {Status{Error{ErrorCode::notFound, "no printer"}}, HealthState::absent, "no printer"},
        {Status{Error{ErrorCode::device, "打印纸已用完"}}, HealthState::degraded, "打印纸已用完"},
        {Status{Error{ErrorCode::conflict, "in use"}}, HealthState::degraded, "in use"},
        {Status{Error{ErrorCode::timeout, "no answer"}}, HealthState::degraded, "no answer"},
        {Status{Error{ErrorCode::io, "transfer failed"}}, HealthState::degraded, "transfer failed"},
        {Status{Error{ErrorCode::invalidInput, "bad reply"}}, HealthState::degraded, "bad reply"},
    };
    for (const Row& row : rows) {
        const DeviceHealth health = healthOf(DeviceKind::receiptPrinter, row.outcome);
        CHECK(health.kind == DeviceKind::receiptPrinter);
        CHECK(health.state == row.state);
        CHECK(health.reason == row.reason);
    }
}

TEST_CASE("the_board_tells_the_listener_only_what_changed") {
    test::EventLog log;
    HealthBoard board(log.listener());
    board.track(DeviceKind::scanner);
    CHECK(log.events().empty());
    CHECK(board.health(DeviceKind::scanner).state == HealthState::absent);

    CHECK(board.update({DeviceKind::scanner, HealthState::ok, ""}));
    CHECK_FALSE(board.update({DeviceKind::scanner, HealthState::ok, ""}));
    CHECK(board.update({DeviceKind::scanner, HealthState::degraded, "stalled"}));
    CHECK(board.update({DeviceKind::scanner, HealthState::degraded, "in use"}));  // a new reason is news
    CHECK(log.states(DeviceKind::scanner) ==
          std::vector<HealthState>{HealthState::ok, HealthState::degraded, HealthState::degraded});
}

TEST_CASE("the_board_lists_every_tracked_device_and_reads_others_as_not_configured") {
    HealthBoard board;
    board.track(DeviceKind::cardReader);
    board.track(DeviceKind::camera);
    board.track(DeviceKind::camera);
    CHECK(board.all().size() == 2);
    CHECK(board.health(DeviceKind::receiptPrinter).reason == "not configured");
    CHECK(board.health(DeviceKind::cardReader).reason == "not found yet");
}

TEST_CASE("health_states_have_names_for_logs_and_the_heartbeat") {
    CHECK(std::string(toString(HealthState::ok)) == "ok");
    CHECK(std::string(toString(HealthState::degraded)) == "degraded");
    CHECK(std::string(toString(HealthState::absent)) == "absent");
}
