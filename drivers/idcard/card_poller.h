// Polls an ID-card reader on its own thread and reports each card once per placement.
#pragma once

#include <functional>
#include <mutex>

#include "common/error.h"
#include "common/worker.h"
#include "drivers/id_card_reader.h"
#include "drivers/idcard/sam_transport.h"

namespace yimen::drivers::idcard {

// Calls readCard() every `interval` (from the start of one poll to the start of the next, so the rate holds
// however long a poll takes), sleeping in between on its worker's wait: a card laid on the reader is found
// within one interval plus one read, and an idle reader costs one short find per interval. With the default
// 250 ms a card is found well within 0.5 s.
//
// `onCard` runs on the poller's thread: with the identity when a card is read after none was there (a card
// left lying on the reader is not reported again), and with the error when a read fails (once per run of
// equal failures, so a broken reader does not flood the queue). It must only post events. The reader is
// borrowed for the poller's lifetime. The destructor stops the thread, waiting at most for one read.
class CardPoller {
public:
    using OnCard = std::function<void(Expected<Identity>)>;

    CardPoller(IdCardReader& reader, OnCard onCard, Timeout interval = Timeout{250});
    ~CardPoller();
    CardPoller(const CardPoller&) = delete;
    CardPoller& operator=(const CardPoller&) = delete;

    // How many times readCard() was called so far.
    long polls() const;

private:
    void run(StopToken& stop);

    IdCardReader& reader_;
    OnCard onCard_;
    Timeout interval_;
    mutable std::mutex mutex_;
    long polls_ = 0;
    Worker worker_{"card-poller"};
};

}  // namespace yimen::drivers::idcard
