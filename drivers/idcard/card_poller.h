// Polls an ID-card reader on its own thread while a card is wanted, and reports each card once per placement.
#pragma once

#include <functional>
#include <mutex>
#include <string>

#include "common/error.h"
#include "common/worker.h"
#include "drivers/id_card_reader.h"
#include "drivers/idcard/sam_transport.h"

namespace yimen::drivers::idcard {

// While active, calls readCard() every `interval` (from the start of one poll to the start of the next, so
// the rate holds however long a poll takes), sleeping in between on its worker's wait: a card laid on the
// reader is found within one interval plus one read, and an idle reader costs one short find per interval.
// With the default 250 ms a card is found well within 0.5 s. While inactive it does not touch the reader and
// its thread sleeps until activated or stopped; on activation a card already lying there is reported anew.
//
// `onCard` runs on the poller's thread: with the identity when a card is read after none was there (a card
// left lying on the reader is not reported again), and with the error when a read fails (once per run of
// equal failures, so a broken reader does not flood the queue). It must only post events. The reader is
// borrowed for the poller's lifetime. The destructor stops the thread, waiting at most for one read.
class CardPoller {
public:
    using OnCard = std::function<void(Expected<Identity>)>;

    struct Options {
        Timeout interval{250};
        bool active = true;  // poll from the start, or wait for setActive(true)
        // Every read's outcome (ok, with or without a card, or the failure), on the poller's thread: for a
        // health board. Optional.
        std::function<void(const Status&)> onRead;
        // The thread died (a read threw): called on the poller's thread before the restart. Optional.
        Worker::OnDeath onDeath;
    };

    CardPoller(IdCardReader& reader, OnCard onCard, Timeout interval = Timeout{250});
    CardPoller(IdCardReader& reader, OnCard onCard, Options options);
    ~CardPoller();
    CardPoller(const CardPoller&) = delete;
    CardPoller& operator=(const CardPoller&) = delete;

    // Starts or stops reading; any thread. Takes effect before the next read (a read under way finishes).
    void setActive(bool active);
    // How many times readCard() was called so far.
    long polls() const;

private:
    void run(StopToken& stop);

    IdCardReader& reader_;
    OnCard onCard_;
    Options options_;
    mutable std::mutex mutex_;
    long polls_ = 0;
    bool active_ = true;
    long activations_ = 0;  // setActive(true) calls: a new one forgets the card that was lying there
    Worker worker_{"card-poller"};
};

}  // namespace yimen::drivers::idcard
