// The card poller: a card is reported once per placement, faults once per run, and the poller stops promptly.
#include "drivers/idcard/card_poller.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

using namespace yimen;
using namespace yimen::drivers;
using namespace yimen::drivers::idcard;

namespace {

// Plays a list of readCard() results, then reports no card.
class PlayedReader final : public IdCardReader {
public:
    explicit PlayedReader(std::deque<Expected<std::optional<Identity>>> results)
        : results_(std::move(results)) {}

    Expected<std::optional<Identity>> readCard() override {
        std::lock_guard lock(mutex_);
        if (results_.empty()) {
            return std::optional<Identity>{};
        }
        auto next = std::move(results_.front());
        results_.pop_front();
        return next;
    }

    bool played() const {
        std::lock_guard lock(mutex_);
        return results_.empty();
    }

private:
    mutable std::mutex mutex_;
    std::deque<Expected<std::optional<Identity>>> results_;
};

Expected<std::optional<Identity>> card(const std::string& name) {
    Identity id;
    id.name = name;
    return std::optional<Identity>(id);
}

Expected<std::optional<Identity>> none() {
    return std::optional<Identity>{};
}

Expected<std::optional<Identity>> fault(const std::string& message) {
    return Error{ErrorCode::device, message};
}

struct Collected {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::string> events;

    void add(Expected<Identity> e) {
        std::lock_guard lock(mutex);
        events.push_back(e ? "card " + e->name : "error " + e.error().message);
        changed.notify_all();
    }
};

// Waits (bounded, so a bug fails instead of hanging) until the reader has played all its results and a few
// more polls have passed.
void waitUntilPlayed(const PlayedReader& reader, const CardPoller& poller) {
    const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!reader.played() && std::chrono::steady_clock::now() < limit) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    const long seen = poller.polls();
    while (poller.polls() < seen + 3 && std::chrono::steady_clock::now() < limit) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

}  // namespace

TEST_CASE("a card left on the reader is reported once, and again after it is placed anew",
          "[idcard][poller]") {
    PlayedReader reader({none(), card("甲"), card("甲"), card("甲"), none(), card("乙")});
    Collected collected;
    {
        CardPoller poller(
            reader, [&](Expected<Identity> e) { collected.add(std::move(e)); }, Timeout{2});
        waitUntilPlayed(reader, poller);
    }
    CHECK(collected.events == std::vector<std::string>{"card 甲", "card 乙"});
}

TEST_CASE("a fault is reported once while it lasts, and again after it cleared and came back",
          "[idcard][poller]") {
    PlayedReader reader(
        {fault("unplugged"), fault("unplugged"), fault("unplugged"), none(), fault("unplugged"), card("丙")});
    Collected collected;
    {
        CardPoller poller(
            reader, [&](Expected<Identity> e) { collected.add(std::move(e)); }, Timeout{2});
        waitUntilPlayed(reader, poller);
    }
    CHECK(collected.events == std::vector<std::string>{"error unplugged", "error unplugged", "card 丙"});
}

TEST_CASE("a poller with a long interval stops at once when destroyed", "[idcard][poller]") {
    PlayedReader reader({});
    Collected collected;
    const auto start = std::chrono::steady_clock::now();
    {
        CardPoller poller(
            reader, [&](Expected<Identity> e) { collected.add(std::move(e)); }, Timeout{60000});
    }
    // Destroying it must not wait for the minute-long interval (bounded generously: this is not a timing
    // test).
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(30));
    CHECK(collected.events.empty());
}

TEST_CASE("an inactive poller leaves the reader alone; each activation reports the card lying there anew",
          "[idcard][poller]") {
    std::atomic<bool> lying{false};
    class LyingCard final : public IdCardReader {
    public:
        explicit LyingCard(std::atomic<bool>& lying) : lying_(lying) {}
        Expected<std::optional<Identity>> readCard() override { return lying_ ? card("丁") : none(); }

    private:
        std::atomic<bool>& lying_;
    } lyingCard(lying);
    Collected collected;
    std::atomic<int> reads{0};
    CardPoller::Options options;
    options.interval = Timeout{2};
    options.active = false;
    options.onRead = [&](const Status& s) {
        if (s)
            ++reads;
    };
    CardPoller poller(
        lyingCard, [&](Expected<Identity> e) { collected.add(std::move(e)); }, options);
    lying = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(poller.polls() == 0);  // nobody wanted a card: the reader was not touched

    auto waitForEvents = [&](std::size_t n) {
        std::unique_lock lock(collected.mutex);
        return collected.changed.wait_for(lock, std::chrono::seconds(10),
                                          [&] { return collected.events.size() >= n; });
    };
    poller.setActive(true);
    REQUIRE(waitForEvents(1));
    const long seen = poller.polls();
    for (int i = 0; i < 10000 && poller.polls() < seen + 3; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));  // the card lies there for a few polls
    poller.setActive(false);
    poller.setActive(true);  // the next citizen's session, the card still lying there
    REQUIRE(waitForEvents(2));
    CHECK(collected.events == std::vector<std::string>{"card 丁", "card 丁"});
    CHECK(reads > 3);  // every read's outcome reached the health hook
}
