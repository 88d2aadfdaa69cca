// The card executor: the ID-card reader polled on its own thread while the session wants a card.
#pragma once

#include <atomic>

#include "common/worker.h"
#include "drivers/id_card_reader.h"
#include "kiosk/executors/device_health_executor.h"
#include "kiosk/executors/executor.h"

namespace yimen::kiosk {

// While reading is wanted, reads every 200 ms; posts CardRead once per placement and CardReadFailed for a
// failed read; every read's outcome goes to the health executor. A death of the thread marks the reader out
// of order, is posted as WorkerFailed, and the thread restarts. Borrows the reader and the health executor.
class CardExecutor {
public:
    CardExecutor(drivers::IdCardReader& reader, DeviceHealthExecutor& health, ExecutorWiring wiring);
    ~CardExecutor();  // stop()
    CardExecutor(const CardExecutor&) = delete;
    CardExecutor& operator=(const CardExecutor&) = delete;

    void start();
    // Stops and joins the thread (at most one read). Idempotent.
    void stop();
    // StartCardReading / StopCardReading, WipePersonalData. Any thread.
    void setReading(bool wanted) { reading_ = wanted; }

private:
    void loop(StopToken& stop);

    drivers::IdCardReader& reader_;
    DeviceHealthExecutor& health_;
    ExecutorWiring wiring_;
    std::atomic<bool> reading_{false};
    Worker worker_{"card"};
};

}  // namespace yimen::kiosk
