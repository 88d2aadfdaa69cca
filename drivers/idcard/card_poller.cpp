// The card poller's loop: fixed-rate polls, a card reported once per placement, failures once per run.
#include "drivers/idcard/card_poller.h"

#include <optional>

namespace yimen::drivers::idcard {

CardPoller::CardPoller(IdCardReader& reader, OnCard onCard, Timeout interval)
    : reader_(reader), onCard_(std::move(onCard)), interval_(interval) {
    worker_.start([this](StopToken& stop) { run(stop); });
}

CardPoller::~CardPoller() {
    worker_.stop();
}

long CardPoller::polls() const {
    std::lock_guard lock(mutex_);
    return polls_;
}

void CardPoller::run(StopToken& stop) {
    bool cardThere = false;
    std::optional<std::string> lastFailure;
    Deadline next = Clock::now();
    for (;;) {
        if (!stop.waitUntil(next)) {
            return;
        }
        {
            std::lock_guard lock(mutex_);
            ++polls_;
        }
        next += interval_;
        // A poll that overran its slot starts the next one now rather than firing a burst to catch up.
        if (next < Clock::now()) {
            next = Clock::now();
        }
        auto read = reader_.readCard();
        if (!read) {
            cardThere = false;
            if (lastFailure != read.error().message) {
                lastFailure = read.error().message;
                onCard_(read.error());
            }
            continue;
        }
        lastFailure.reset();
        if (!read->has_value()) {
            cardThere = false;
            continue;
        }
        if (cardThere) {
            (*read)->wipe();
            continue;
        }
        cardThere = true;
        onCard_(std::move(**read));
    }
}

}  // namespace yimen::drivers::idcard
