// The card poller's loop: fixed-rate polls, a card reported once per placement, failures once per run.
#include "drivers/idcard/card_poller.h"

#include <optional>

namespace yimen::drivers::idcard {

CardPoller::CardPoller(IdCardReader& reader, OnCard onCard, Timeout interval)
    : reader_(reader), onCard_(std::move(onCard)), interval_(interval), thread_([this] { run(); }) {}

CardPoller::~CardPoller() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

long CardPoller::polls() const {
    std::lock_guard lock(mutex_);
    return polls_;
}

void CardPoller::run() {
    bool cardThere = false;
    std::optional<std::string> lastFailure;
    Deadline next = Clock::now();
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            if (wake_.wait_until(lock, next, [this] { return stop_; })) {
                return;
            }
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
