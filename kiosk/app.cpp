// The composition root: opens the store and builds the executors, then routes each effect to its executor.
#include "kiosk/app.h"

#include "common/overloaded.h"

#include <algorithm>
#include <filesystem>

#include "common/log.h"
#include "kiosk/core/privacy.h"
#include "kiosk/executors/audit_executor.h"
#include "kiosk/executors/card_executor.h"
#include "kiosk/executors/catalog_executor.h"
#include "kiosk/executors/device_health_executor.h"
#include "kiosk/executors/executor.h"
#include "kiosk/executors/lookup_executor.h"
#include "kiosk/executors/printing_executor.h"
#include "kiosk/executors/scan_executor.h"
#include "kiosk/executors/submission_executor.h"
#include "kiosk/store/audit_log.h"
#include "kiosk/store/catalog_cache.h"
#include "kiosk/store/database.h"
#include "kiosk/store/outbox.h"
#include "kiosk/store/outbox_key.h"
#include "kiosk/store/print_ledger.h"
#include "kiosk/store/receipt_book.h"
#include "kiosk/store/sealed_box.h"
#include "kiosk/store_worker.h"
#include "kiosk/tick_schedule.h"
#include "network/certificate_renewal.h"

namespace yimen::kiosk {
namespace {

std::int64_t steadyMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

struct App::Impl {
    KioskConfig config;
    Devices devices;
    EventQueue queue;
    Session session;

    std::unique_ptr<store::Database> db;
    std::unique_ptr<store::SealedBox> box;
    std::unique_ptr<store::Outbox> outbox;
    std::unique_ptr<store::ReceiptBook> receipts;
    std::unique_ptr<store::CatalogCache> catalogCache;
    std::unique_ptr<store::AuditLog> auditLog;
    std::unique_ptr<store::PrintLedger> ledger;

    std::function<std::int64_t()> wallClock = systemWallMs;  // what is shown and stored
    TickSchedule ticks;                                      // the loop's one timer
    std::int64_t clockOffsetMs = 0;  // added by advanceClock: the session's clocks only

    // Every write to the store (commits, ratings, audit lines, the ledger's "shown") runs here, never on
    // the main thread.
    StoreWorker storeWorker{[this](const std::string& what) { queue.post(ev::WorkerFailed{"store", what}); }};
    // The executors, one per family of effects; built by open() once the store is open.
    std::unique_ptr<DeviceHealthExecutor> health;
    std::unique_ptr<AuditExecutor> audit;
    std::unique_ptr<SubmissionExecutor> submission;
    std::unique_ptr<CatalogExecutor> catalog;
    std::unique_ptr<CardExecutor> card;
    std::unique_ptr<PrintingExecutor> printing;
    std::unique_ptr<LookupExecutor> lookup;
    std::unique_ptr<ScanExecutor> scan;                    // when the kiosk has a scanner
    std::unique_ptr<network::CertificateRenewal> renewal;  // when the kiosk has a client certificate

    Impl(const KioskConfig& c, Devices d) : config(c), devices(d), session(c.session) {}

    ~Impl() {
        queue.close();
        if (scan)
            scan->stop();
        if (lookup)
            lookup->stop();
        if (card)
            card->stop();
        if (printing)
            printing->stop();
        if (catalog)
            catalog->stop();
        storeWorker.stop();  // runs the writes already asked for
        if (submission)
            submission->stop();
    }

    // What the executors see of the app: the queue, and the clock that is shown and stored.
    ExecutorWiring wiring() {
        return {[this](Event e) { queue.post(std::move(e)); }, [this] { return wallClock(); }};
    }

    Status openStore() {
        std::error_code ec;
        std::filesystem::create_directories(config.dataDir, ec);
        if (ec)
            return fail(ErrorCode::io, "creating data folder " + config.dataDir + ": " + ec.message());
        auto opened = store::openKioskDatabase((std::filesystem::path(config.dataDir) / "kiosk.db").string());
        if (!opened)
            return opened.error().withContext("opening the kiosk database");
        db = std::move(*opened);
        auto key = store::openOutboxKey(*db, (std::filesystem::path(config.dataDir) / "outbox.key").string());
        if (!key)
            return key.error().withContext("opening the outbox key");
        box = std::make_unique<store::SealedBox>(std::move(*key));
        outbox = std::make_unique<store::Outbox>(
            *db, *box, store::OutboxOptions{std::int64_t{config.outboxFailedRetentionDays} * 86'400'000, {}});
        receipts = std::make_unique<store::ReceiptBook>(*db, *outbox, config.terminalNumber,
                                                        config.session.utcOffsetMinutes);
        receipts->useFloorsForFreshStore();
        catalogCache = std::make_unique<store::CatalogCache>(*db);
        auditLog = std::make_unique<store::AuditLog>(*db);
        ledger = std::make_unique<store::PrintLedger>(*db);
        return {};
    }

    void buildExecutors() {
        const int utcOffset = config.session.utcOffsetMinutes;
        health = std::make_unique<DeviceHealthExecutor>(wiring());
        audit = std::make_unique<AuditExecutor>(storeWorker, *auditLog, wiring());
        submission = std::make_unique<SubmissionExecutor>(
            SubmissionExecutor::Store{*db, *outbox, *receipts, *ledger, storeWorker}, config.platform,
            utcOffset, wiring());
        // The catalog's cache stamp is the real clock's, whatever clock the session is shown.
        catalog = std::make_unique<CatalogExecutor>(*catalogCache, config.platform, config.catalogRefreshMs,
                                                    ExecutorWiring{wiring().post, systemWallMs});
        card = std::make_unique<CardExecutor>(devices.cardReader, *health, wiring());
        printing = std::make_unique<PrintingExecutor>(
            devices.printer, PrintingExecutor::Store{*ledger, *receipts, *auditLog, storeWorker}, *audit,
            *health, utcOffset, wiring());
        lookup = std::make_unique<LookupExecutor>(config.platform, wiring());
        if (devices.scanner)
            scan = std::make_unique<ScanExecutor>(*devices.scanner, *health, wiring());
        if (!config.platform.certFile.empty())
            renewal = std::make_unique<network::CertificateRenewal>(config.platform, config.kioskId,
                                                                    config.certificateRenewal);
    }

    void execute(Effect& effect) {
        std::visit(Overloaded{
                       [&](const fx::StartCardReading&) { card->setReading(true); },
                       [&](const fx::StopCardReading&) { card->setReading(false); },
                       [&](fx::CommitApplication& c) { submission->commit(c, session.state().catalog); },
                       [&](const fx::PrintReceipt& p) { printing->print(p.receipt); },
                       [&](const fx::QueueRating& r) { submission->queueRating(r); },
                       [&](const fx::LookUpApplication& l) { lookup->lookUp(l); },
                       [&](const fx::WantScans& w) {
                           if (devices.wantScans)
                               devices.wantScans(w.wanted);
                       },
                       [&](const fx::Speak& s) { log::debug("voice", s.text); },
                       [&](const fx::WipePersonalData&) {
                           card->setReading(false);
                           printing->forgetAfterQueued();
                           lookup->forget();
                       },
                       [&](const fx::Audit& a) {
                           log::info("audit", a.action + " " + a.detail);
                           audit->append("citizen", a.action, a.detail);
                       },
                       [&](const fx::LogBug& b) { log::error("session", "bug: " + b.message); },
                   },
                   effect);
        wipeCarried(effect);
    }

    // Handles one event; then wipes what it and the effects carried of the citizen (the session keeps its
    // own copies, wiped at session end).
    void dispatch(Event e) {
        auto effects = session.handle(e);
        wipeCarried(e);
        for (auto& effect : effects) execute(effect);
    }

    std::int64_t sessionSteadyMs() { return steadyMs() + clockOffsetMs; }
    std::int64_t sessionWallMs() { return wallClock() + clockOffsetMs; }
    ev::Tick tickNow() { return ev::Tick{sessionWallMs(), sessionSteadyMs()}; }

    void tick() {
        const ev::Tick t = tickNow();
        ticks.ticked(t.steadyMs.value_or(t.nowMs), t.nowMs);
        dispatch(t);
    }
    std::int64_t untilTick() {
        return ticks.untilDue(session.state().screen == Screen::home, sessionSteadyMs(), sessionWallMs());
    }
    // An event meets a clock at most one tick interval old (Home ticks once a minute).
    void handle(Event e) {
        if (ticks.stale(sessionSteadyMs()))
            tick();
        dispatch(std::move(e));
    }
    // The tick when due, then every waiting event; whether anything was handled.
    bool poll() {
        bool handled = false;
        if (untilTick() == 0) {
            tick();
            handled = true;
        }
        while (auto e = queue.tryTake()) {
            handle(std::move(*e));
            handled = true;
        }
        return handled;
    }
    // Waits up to `limit` for an event or the tick, then handles what is there.
    void waitAndPoll(std::chrono::milliseconds limit) {
        const std::chrono::milliseconds wait = std::min(limit, std::chrono::milliseconds(untilTick()));
        if (auto e = queue.take(wait))
            handle(std::move(*e));
        poll();
    }
};

App::App(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
App::~App() = default;

Expected<std::unique_ptr<App>> App::open(const KioskConfig& config, Devices devices) {
    auto impl = std::make_unique<Impl>(config, devices);
    if (auto ok = impl->openStore(); !ok)
        return ok.error();
    Impl* p = impl.get();
    p->buildExecutors();
    p->tick();
    p->catalog->loadCached();
    p->printing->reportUnprinted();
    p->submission->start();
    p->storeWorker.start();
    p->catalog->start();
    p->card->start();
    p->printing->start();
    p->lookup->start();
    if (p->scan)
        p->scan->start();
    if (p->renewal)
        p->renewal->start();
    if (auto ok = p->auditLog->append("kiosk", "start", config.kioskId, systemWallMs()); !ok)
        log::warn("app", "audit: " + ok.error().message);
    return std::unique_ptr<App>(new App(std::move(impl)));
}

void App::post(Event event) {
    impl_->queue.post(std::move(event));
}

bool App::poll() {
    return impl_->poll();
}

void App::runUntilIdle() {
    while (impl_->poll()) {
    }
}

std::chrono::milliseconds App::untilNextTick() {
    return std::chrono::milliseconds(impl_->untilTick());
}

void App::tickBy(std::int64_t sessionWallMs) {
    impl_->ticks.tickBy(sessionWallMs);
}

void App::setWakeHandler(std::function<void()> wake) {
    impl_->queue.setWakeHandler(std::move(wake));
}

void App::run(const std::atomic<bool>& stop) {
    while (!stop) impl_->waitAndPoll(std::chrono::milliseconds(100));
}

bool App::runUntil(const std::function<bool(const SessionState&)>& done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done(impl_->session.state())) {
        const auto left = deadline - std::chrono::steady_clock::now();
        if (left <= std::chrono::steady_clock::duration::zero())
            return false;
        impl_->waitAndPoll(std::min<std::chrono::milliseconds>(
            std::chrono::ceil<std::chrono::milliseconds>(left), std::chrono::milliseconds(20)));
    }
    return true;
}

void App::advanceClock(std::chrono::milliseconds by) {
    impl_->clockOffsetMs += by.count();
    impl_->ticks.reset();  // tick at once with the new time
}

void App::setWallClock(std::function<std::int64_t()> wallMs) {
    impl_->wallClock = std::move(wallMs);
    impl_->ticks.reset();
}

Expected<std::vector<store::PrintLedgerEntry>> App::unprintedReceipts() {
    return impl_->ledger->unprinted();
}

Status App::reprintReceipt(const std::string& receiptNo) {
    return impl_->printing->reprint(receiptNo);
}

bool App::flushStore(std::chrono::milliseconds timeout) {
    return impl_->storeWorker.drain(timeout);
}

App::Held App::held() {
    return {impl_->submission->commitsHeld(), impl_->printing->held(), impl_->submission->commitsWiped()};
}

store::PrintLedger& App::printLedger() {
    return *impl_->ledger;
}

drivers::health::HealthBoard& App::health() {
    return impl_->health->board();
}
Status App::probePrinter() {
    return impl_->printing->probe();
}

const SessionState& App::state() const {
    return impl_->session.state();
}
store::Outbox& App::outbox() {
    return *impl_->outbox;
}
store::ReceiptBook& App::receipts() {
    return *impl_->receipts;
}
store::AuditLog& App::audit() {
    return *impl_->auditLog;
}

}  // namespace yimen::kiosk
