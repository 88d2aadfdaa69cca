// CardExecutor: the card thread, its outcomes and its death.
#include "kiosk/executors/card_executor.h"

#include <chrono>
#include <string>

#include "common/log.h"

namespace yimen::kiosk {

CardExecutor::CardExecutor(drivers::IdCardReader& reader, DeviceHealthExecutor& health, ExecutorWiring wiring)
    : reader_(reader), health_(health), wiring_(std::move(wiring)) {}

CardExecutor::~CardExecutor() {
    stop();
}

void CardExecutor::start() {
    worker_.onDeath([this](const std::string& name, const std::string& what) {
        // What depends on the reader is out of service until the restarted thread reads again.
        health_.report(drivers::config::DeviceKind::cardReader,
                       Status{Error{ErrorCode::device, "读卡线程故障: " + what}});
        wiring_.post(ev::WorkerFailed{name, what});
    });
    worker_.start([this](StopToken& stop) { loop(stop); });
}

void CardExecutor::stop() {
    worker_.stop();
}

void CardExecutor::loop(StopToken& stop) {
    bool cardPresent = false;
    while (stop.waitFor(std::chrono::milliseconds(200))) {
        if (!reading_) {
            cardPresent = false;
            continue;
        }
        auto read = reader_.readCard();
        health_.report(drivers::config::DeviceKind::cardReader, read ? Status{} : Status{read.error()});
        if (!read) {
            log::warn("card", read.error().message);
            wiring_.post(ev::CardReadFailed{});
            cardPresent = false;
            continue;
        }
        if (!read->has_value()) {
            cardPresent = false;
            continue;
        }
        if (!cardPresent)
            wiring_.post(ev::CardRead{std::move(**read)});
        (*read)->wipe();  // what the move left behind, or the same card read again
        cardPresent = true;
    }
}

}  // namespace yimen::kiosk
