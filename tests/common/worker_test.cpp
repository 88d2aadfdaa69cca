// Tests of common/worker.cpp: stop ends a wait at once and joins, a throwing loop is reported and restarted,
// and the periodic task runs its job until it is stopped.
#include "common/worker.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

using namespace yimen;
using namespace std::chrono_literals;

namespace {

// Waits until `condition` holds, at most `limit`.
template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit = 5s) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > until)
            return false;
        std::this_thread::sleep_for(1ms);
    }
    return true;
}

}  // namespace

TEST_CASE("stop ends a loop's day-long wait and the wait says stop", "[worker]") {
    std::atomic<bool> waiting{false};
    std::atomic<int> waitResult{-1};
    Worker w("test");
    w.start([&](StopToken& stop) {
        waiting = true;
        waitResult = stop.waitFor(24h) ? 1 : 0;
    });
    REQUIRE(eventually([&] { return waiting.load(); }));
    w.stop();  // returns only once the thread is joined: it did not wait a day
    CHECK(waitResult.load() == 0);
    CHECK(w.stopRequested());
}

TEST_CASE("wake ends a wait early without stopping the loop", "[worker]") {
    std::atomic<int> wakes{0};
    Worker w("test");
    w.start([&](StopToken& stop) {
        while (stop.waitFor(24h)) ++wakes;
    });
    w.wake();
    REQUIRE(eventually([&] { return wakes.load() == 1; }));
    w.wake();
    REQUIRE(eventually([&] { return wakes.load() == 2; }));
    CHECK_FALSE(w.stopRequested());
}

TEST_CASE("stop is idempotent and the destructor after it does nothing more", "[worker]") {
    std::atomic<int> loops{0};
    {
        Worker w("test");
        w.start([&](StopToken& stop) {
            ++loops;
            while (stop.waitFor(24h)) {
            }
        });
        REQUIRE(eventually([&] { return loops.load() == 1; }));
        w.stop();
        w.stop();
        CHECK(w.stopRequested());
        CHECK_FALSE(w.lastFailure().has_value());
    }
    CHECK(loops.load() == 1);
}

TEST_CASE("the destructor stops and joins: the loop has returned when it is gone", "[worker]") {
    std::atomic<bool> returned{false};
    std::atomic<bool> waiting{false};
    {
        Worker w("test");
        w.start([&](StopToken& stop) {
            waiting = true;
            while (stop.waitFor(24h)) {
            }
            std::this_thread::sleep_for(20ms);  // a loop that takes a while to tidy up is still waited for
            returned = true;
        });
        REQUIRE(eventually([&] { return waiting.load(); }));
    }
    CHECK(returned.load());
}

TEST_CASE("a loop that throws is reported as a value, never escapes, and runs again after a back-off",
          "[worker]") {
    std::mutex m;
    std::vector<std::string> deaths;
    std::atomic<int> runs{0};
    {
        Worker w("test", 1ms, 4ms);
        w.onDeath([&](const std::string& name, const std::string& what) {
            std::lock_guard lock(m);
            deaths.push_back(name + ": " + what);
        });
        w.start([&](StopToken& stop) {
            if (++runs <= 3)
                throw std::runtime_error("boom");
            while (stop.waitFor(10ms)) {
            }
        });
        REQUIRE(eventually([&] { return runs.load() >= 4; }));
        CHECK(runs == 4);
        CHECK(w.restarts() == 3);
        REQUIRE(w.lastFailure().has_value());
        CHECK(*w.lastFailure() == "boom");
    }  // stop() returns: the fourth run ends when asked
    std::lock_guard lock(m);
    REQUIRE(deaths.size() == 3);
    CHECK(deaths.front() == "test: boom");
}

TEST_CASE("a loop that throws something that is not an exception is reported too", "[worker]") {
    std::atomic<int> runs{0};
    Worker w("test", 1ms, 1ms);
    w.start([&](StopToken& stop) {
        if (++runs == 1)
            throw 42;
        while (stop.waitFor(10ms)) {
        }
    });
    REQUIRE(eventually([&] { return runs.load() >= 2; }));
    w.stop();
    REQUIRE(w.lastFailure().has_value());
    CHECK(*w.lastFailure() == "an exception of unknown type");
}

TEST_CASE("a worker stopped during its back-off does not run the loop again", "[worker]") {
    std::atomic<int> runs{0};
    Worker w("test", 24h, 24h);
    w.start([&](StopToken&) {
        ++runs;
        throw std::runtime_error("boom");
    });
    REQUIRE(eventually([&] { return w.lastFailure().has_value(); }));
    w.stop();  // ends the day-long back-off
    CHECK(runs.load() == 1);
    CHECK(w.restarts() == 0);
}

TEST_CASE("a periodic task runs its job repeatedly, also after the job threw", "[worker][periodic]") {
    std::atomic<int> runs{0};
    PeriodicTask task("test", 2ms, [&runs] {
        if (++runs == 1)
            throw std::runtime_error("first run fails");
    });
    CHECK(eventually([&runs] { return runs.load() >= 3; }));
    task.stop();
    const int after = runs.load();
    CHECK(task.runs() == after);
    std::this_thread::sleep_for(10ms);
    CHECK(runs.load() == after);
    task.stop();  // idempotent
}

TEST_CASE("stopping a periodic task does not wait for its period, and the job never ran",
          "[worker][periodic]") {
    std::atomic<int> runs{0};
    {
        PeriodicTask task("test", 24h, [&runs] { ++runs; });
    }  // the destructor returned: it did not wait a day
    CHECK(runs.load() == 0);
}

TEST_CASE("requestStop ends the loop's wait without joining, and stop then joins", "[worker]") {
    std::atomic<bool> waiting{false};
    std::atomic<bool> returned{false};
    Worker w("test");
    w.start([&](StopToken& stop) {
        waiting = true;
        while (stop.waitFor(24h)) {
        }
        returned = true;
    });
    REQUIRE(eventually([&] { return waiting.load(); }));
    w.requestStop();
    CHECK(w.stopRequested());
    CHECK(eventually([&] { return returned.load(); }));
    w.stop();
}
