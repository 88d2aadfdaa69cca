// The kiosk application: the session on the main thread, and the executors and threads around it.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

#include "common/error.h"
#include "drivers/id_card_reader.h"
#include "drivers/receipt_printer.h"
#include "kiosk/config.h"
#include "kiosk/event_queue.h"
#include "kiosk/session.h"

namespace yimen::drivers::health {
class HealthBoard;
}

namespace yimen::kiosk {

namespace store {
class Outbox;
class AuditLog;
class ReceiptBook;
}  // namespace store

// Owns the store, the platform client threads, the card poller and the print worker.
// Borrows the devices for its lifetime. Every public call except post() is for the main thread.
class App {
public:
    struct Devices {
        drivers::IdCardReader& cardReader;
        drivers::ReceiptPrinter& printer;
    };

    // Opens the database and the outbox key under config.dataDir, loads the cached catalog, starts the outbox
    // sync and the catalog refresh. Errors: io, database, crypto (with what was being opened).
    [[nodiscard]] static Expected<std::unique_ptr<App>> open(const KioskConfig& config, Devices devices);
    ~App();  // stops every thread quietly
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    // Any thread.
    void post(Event event);

    // Processes events and clock ticks until `stop` is set.
    void run(const std::atomic<bool>& stop);
    // Processes events until `done(state)` holds or `timeout` passes; returns whether it held.
    bool runUntil(const std::function<bool(const SessionState&)>& done, std::chrono::milliseconds timeout);

    // Moves the session's clock forward (scenarios that wait out the idle timeout). Main thread.
    void advanceClock(std::chrono::milliseconds by);

    const SessionState& state() const;

    // The devices' health board: every change on it reaches the session as DeviceHealthChanged. A device
    // manager (drivers/health) may update it from its own thread.
    drivers::health::HealthBoard& health();
    // Asks the printer for its status without printing, serialized with the print worker; ok when it can
    // print, else why not. Any thread.
    [[nodiscard]] Status probePrinter();
    store::Outbox& outbox();
    store::ReceiptBook& receipts();
    store::AuditLog& audit();

private:
    struct Impl;
    explicit App(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace yimen::kiosk
