// Waits for a condition another thread makes true, with a generous bound so a broken build fails instead of
// hanging.
#pragma once

#include <chrono>
#include <thread>

namespace yimen::network::test {

template <typename Condition>
[[nodiscard]] bool waitUntil(Condition condition,
                             std::chrono::milliseconds bound = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + bound;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

}  // namespace yimen::network::test
