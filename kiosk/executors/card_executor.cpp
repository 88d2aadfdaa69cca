// CardExecutor: the card poller's outcomes as events and health, and its death.
#include "kiosk/executors/card_executor.h"

#include <chrono>
#include <string>

#include "common/log.h"

namespace yimen::kiosk {

namespace {
constexpr drivers::idcard::Timeout kPollInterval{200};
}

CardExecutor::CardExecutor(drivers::IdCardReader& reader, DeviceHealthExecutor& health, ExecutorWiring wiring)
    : reader_(reader), health_(health), wiring_(std::move(wiring)) {}

CardExecutor::~CardExecutor() {
    stop();
}

void CardExecutor::start() {
    using drivers::config::DeviceKind;
    drivers::idcard::CardPoller::Options options;
    options.interval = kPollInterval;
    options.active = false;  // until a screen wants a card
    options.onRead = [this](const Status& outcome) { health_.report(DeviceKind::cardReader, outcome); };
    options.onDeath = [this](const std::string& name, const std::string& what) {
        // What depends on the reader is out of service until the restarted thread reads again.
        health_.report(DeviceKind::cardReader, Status{Error{ErrorCode::device, "读卡线程故障: " + what}});
        wiring_.post(ev::WorkerFailed{name, what});
    };
    poller_ = std::make_unique<drivers::idcard::CardPoller>(
        reader_,
        [this](Expected<Identity> read) {
            if (!read) {
                log::warn("card", read.error().message);
                wiring_.post(ev::CardReadFailed{});
                return;
            }
            wiring_.post(ev::CardRead{std::move(*read)});
            read->wipe();  // what the move left behind
        },
        std::move(options));
}

void CardExecutor::stop() {
    poller_.reset();
}

void CardExecutor::setReading(bool wanted) {
    if (poller_)
        poller_->setActive(wanted);
}

}  // namespace yimen::kiosk
