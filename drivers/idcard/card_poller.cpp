// The card poller's loop: fixed-rate polls while active, a card reported once per placement, failures once
// per run.
#include "drivers/idcard/card_poller.h"

#include <chrono>
#include <optional>

namespace yimen::drivers::idcard {

CardPoller::CardPoller(IdCardReader& reader, OnCard onCard, Timeout interval)
    : CardPoller(reader, std::move(onCard), Options{interval, true, {}, {}}) {}

CardPoller::CardPoller(IdCardReader& reader, OnCard onCard, Options options)
    : reader_(reader), onCard_(std::move(onCard)), options_(std::move(options)), active_(options_.active) {
    if (options_.onDeath)
        worker_.onDeath(options_.onDeath);
    worker_.start([this](StopToken& stop) { run(stop); });
}

CardPoller::~CardPoller() {
    worker_.stop();
}

void CardPoller::setActive(bool active) {
    {
        std::lock_guard lock(mutex_);
        active_ = active;
        if (active)
            ++activations_;
    }
    worker_.wake();
}

long CardPoller::polls() const {
    std::lock_guard lock(mutex_);
    return polls_;
}

void CardPoller::run(StopToken& stop) {
    bool cardThere = false;
    std::optional<std::string> lastFailure;
    long activationSeen = 0;
    Deadline next = Clock::now();
    for (;;) {
        bool active = false;
        {
            std::lock_guard lock(mutex_);
            active = active_;
            if (activations_ != activationSeen) {
                // Reading was asked for anew (a new session): a card already there counts as placed now.
                activationSeen = activations_;
                cardThere = false;
                lastFailure.reset();
            }
        }
        if (!active) {
            // Nothing is wanted: sleep until setActive() or stop wakes us, then start afresh.
            cardThere = false;
            lastFailure.reset();
            if (!stop.waitFor(std::chrono::hours(24)))
                return;
            next = Clock::now();
            continue;
        }
        if (!stop.waitUntil(next))
            return;
        if (Clock::now() < next)
            continue;  // woken early (setActive): look at the state again
        {
            std::lock_guard lock(mutex_);
            if (!active_)
                continue;
            ++polls_;
        }
        next += options_.interval;
        // A poll that overran its slot starts the next one now rather than firing a burst to catch up.
        if (next < Clock::now())
            next = Clock::now();
        auto read = reader_.readCard();
        if (options_.onRead)
            options_.onRead(read ? Status{} : Status{read.error()});
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
