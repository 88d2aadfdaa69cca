// Tests of platform/periodic_task.cpp: the job runs again and again until stopped, and stop() is prompt.
#include "platform/periodic_task.h"

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include <catch2/catch.hpp>

using namespace yimen::platform;
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

TEST_CASE("a periodic task runs its job repeatedly, also after the job threw", "[periodic]") {
    std::atomic<int> runs{0};
    PeriodicTask task("test", 2ms, [&runs] {
        if (++runs == 1)
            throw std::runtime_error("first run fails");
    });
    CHECK(eventually([&runs] { return runs.load() >= 3; }));
    task.stop();
    const int after = runs.load();
    std::this_thread::sleep_for(10ms);
    CHECK(runs.load() == after);
}

TEST_CASE("stopping a periodic task does not wait for its interval", "[periodic]") {
    std::atomic<int> runs{0};
    const auto started = std::chrono::steady_clock::now();
    {
        PeriodicTask task("test", 24h, [&runs] { ++runs; });
    }
    CHECK(runs.load() == 0);
    CHECK(std::chrono::steady_clock::now() - started < 1h);  // the destructor returned: it did not wait a day
}
