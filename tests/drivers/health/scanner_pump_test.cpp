// Tests for drivers/health/scanner_pump with the simulated scanner: codes handed on, faults reported once,
// and the pause after an error ended by wake().
#include <catch2/catch.hpp>

#include <condition_variable>
#include <mutex>

#include "drivers/health/scanner_pump.h"
#include "drivers/sim/sim_scanner.h"

using namespace yimen;
using namespace yimen::drivers;
using namespace yimen::drivers::health;
using namespace std::chrono_literals;

namespace {

struct Recorder {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::string> codes;
    std::vector<bool> statuses;  // true: ok
    void code(std::string c) {
        {
            std::lock_guard lock(mutex);
            codes.push_back(std::move(c));
        }
        changed.notify_all();
    }
    void status(const Status& s) {
        {
            std::lock_guard lock(mutex);
            statuses.push_back(s.hasValue());
        }
        changed.notify_all();
    }
    bool waitUntil(const std::function<bool()>& condition) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, 10s, condition);
    }
};

}  // namespace

TEST_CASE("every_scanned_code_is_handed_on_in_order") {
    sim::SimScanner scanner;
    Recorder recorder;
    ScannerPump pump(
        scanner, [&](std::string c) { recorder.code(std::move(c)); },
        [&](const Status& s) { recorder.status(s); }, {20ms, 1s});
    scanner.feed("A1");
    scanner.feed("B2");
    REQUIRE(recorder.waitUntil([&] { return recorder.codes.size() == 2; }));
    CHECK(recorder.codes == std::vector<std::string>{"A1", "B2"});
    CHECK(recorder.statuses == std::vector<bool>{true});  // reported once, not per call
}

TEST_CASE("a_scanner_fault_is_reported_once_and_wake_ends_the_pause") {
    sim::SimScanner scanner;
    scanner.setFault(Error{ErrorCode::unavailable, "unplugged"});
    Recorder recorder;
    ScannerPump pump(
        scanner, [&](std::string c) { recorder.code(std::move(c)); },
        [&](const Status& s) { recorder.status(s); }, {20ms, std::chrono::hours(1)});
    REQUIRE(recorder.waitUntil([&] { return recorder.statuses.size() == 1; }));
    CHECK(recorder.statuses == std::vector<bool>{false});

    scanner.setFault(std::nullopt);
    scanner.feed("BACK");
    pump.wake();
    REQUIRE(recorder.waitUntil([&] { return recorder.codes.size() == 1; }));
    CHECK(recorder.codes == std::vector<std::string>{"BACK"});
    CHECK(recorder.statuses == std::vector<bool>{false, true});
}
