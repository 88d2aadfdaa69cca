// The kiosk application: the session on the main thread, and the executors and threads around it.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <vector>

#include "common/error.h"
#include "drivers/id_card_reader.h"
#include "drivers/receipt_printer.h"
#include "drivers/scanner.h"
#include "kiosk/config.h"
#include "kiosk/core/session.h"
#include "kiosk/event_queue.h"

namespace yimen::drivers::health {
class HealthBoard;
}

namespace yimen::kiosk {

namespace store {
class Outbox;
class AuditLog;
class ReceiptBook;
class PrintLedger;
struct PrintLedgerEntry;
}  // namespace store

// Owns the store and the executors (kiosk/executors/: submission, printing, card reading, scanning, lookups,
// catalog refresh, audit, device health), each with its own thread where it needs one.
// Borrows the devices for its lifetime. Every public call except post() is for the main thread.
class App {
public:
    struct Devices {
        drivers::IdCardReader& cardReader;
        drivers::ReceiptPrinter& printer;
        drivers::Scanner* scanner = nullptr;  // none: receipts are looked up by typing only
        // For a scanner that reads through the camera: opens (true) and closes (false) the camera as screens
        // want scans. Called on the main thread; empty for a HID or simulated scanner, which read at all
        // times.
        std::function<void(bool)> wantScans;
    };

    // Opens the database and the outbox key under config.dataDir, loads the cached catalog, starts the outbox
    // sync and the catalog refresh. Errors: io, database, crypto (with what was being opened).
    [[nodiscard]] static Expected<std::unique_ptr<App>> open(const KioskConfig& config, Devices devices);
    ~App();  // stops every thread quietly
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    // Any thread.
    void post(Event event);

    // The loop. Its one timer is the session's clock tick (kiosk/tick_schedule.h): every 250 ms while a
    // citizen is at the screen, when the minute turns on Home.

    // Handles the tick when it is due and every waiting event, without waiting. Returns whether anything was
    // handled (the screen may have changed). Main thread.
    bool poll();
    // Handles events and due ticks until the queue is empty and no tick is due. Main thread.
    void runUntilIdle();
    // How long until the next tick is due (zero: now); a loop that waits elsewhere waits at most this long.
    // Main thread.
    [[nodiscard]] std::chrono::milliseconds untilNextTick();
    // Asks for a tick no later than `sessionWallMs` (the session's wall clock, SessionState::nowMs), for a
    // screen that shows something until then (a toast). Main thread.
    void tickBy(std::int64_t sessionWallMs);
    // Called on the posting thread after each event queued (nullptr: none), for a loop that waits on
    // something else than the queue (the window). It must not block or throw. Any thread.
    void setWakeHandler(std::function<void()> wake);

    // Processes events and clock ticks until `stop` is set (a signal handler's flag: looked at at least every
    // 100 ms).
    void run(const std::atomic<bool>& stop);
    // Processes events and ticks until `done(state)` holds or `timeout` passes; returns whether it held.
    // `done` may read more than the session (a store, the outbox), so it is asked again at least every 20 ms.
    bool runUntil(const std::function<bool(const SessionState&)>& done, std::chrono::milliseconds timeout);

    // Moves the session's clock forward (scenarios that wait out the idle timeout). Main thread.
    void advanceClock(std::chrono::milliseconds by);
    // Replaces the wall clock (milliseconds since the Unix epoch) that the session shows and the store
    // records; delays never use it (they run on steady_clock). For tests that step the wall clock. Main
    // thread.
    void setWallClock(std::function<std::int64_t()> wallMs);

    // Receipts committed but not printed (the citizen may never have had them: a kill, a power loss or the
    // printer), oldest first, as the print ledger holds them now. Any thread.
    [[nodiscard]] Expected<std::vector<store::PrintLedgerEntry>> unprintedReceipts();
    // Prints receipt `receiptNo` once through the receipt print path (for the technician). Queued: returns
    // when the job is accepted; the ledger says when it is printed. Errors: notFound (no such receipt),
    // conflict (already printed: a printed receipt is never printed twice; or the print queue is full),
    // database. Any thread.
    [[nodiscard]] Status reprintReceipt(const std::string& receiptNo);

    // Waits until every store write asked for so far (commits, ratings, audit lines) is done; false after
    // `timeout`. For tests and an orderly exit. Main thread.
    bool flushStore(std::chrono::milliseconds timeout);

    // What the executors still hold of citizens' data (a test seam for the privacy tests): commits being
    // written and receipts waiting to be printed, and how many commits were wiped after use.
    struct Held {
        std::size_t commits = 0;
        std::size_t receipts = 0;
        std::size_t commitsWiped = 0;
    };
    Held held();

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
    store::PrintLedger& printLedger();

private:
    struct Impl;
    explicit App(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace yimen::kiosk
