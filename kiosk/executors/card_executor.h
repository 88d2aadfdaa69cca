// The card executor: the ID-card reader polled (by the drivers' CardPoller) while the session wants a card.
#pragma once

#include <memory>

#include "drivers/id_card_reader.h"
#include "drivers/idcard/card_poller.h"
#include "kiosk/executors/device_health_executor.h"
#include "kiosk/executors/executor.h"

namespace yimen::kiosk {

// While reading is wanted, the poller reads every 200 ms: CardRead is posted once per placement and
// CardReadFailed once per run of equal failures; every read's outcome goes to the health executor. While no
// card is wanted the reader is left alone. A death of the poller's thread marks the reader out of order, is
// posted as WorkerFailed, and the thread restarts. Borrows the reader and the health executor.
class CardExecutor {
public:
    CardExecutor(drivers::IdCardReader& reader, DeviceHealthExecutor& health, ExecutorWiring wiring);
    ~CardExecutor();  // stop()
    CardExecutor(const CardExecutor&) = delete;
    CardExecutor& operator=(const CardExecutor&) = delete;

    void start();
    // Stops and joins the thread (at most one read). Idempotent.
    void stop();
    // StartCardReading / StopCardReading, WipePersonalData. Any thread, after start().
    void setReading(bool wanted);

private:
    drivers::IdCardReader& reader_;
    DeviceHealthExecutor& health_;
    ExecutorWiring wiring_;
    std::unique_ptr<drivers::idcard::CardPoller> poller_;
};

}  // namespace yimen::kiosk
