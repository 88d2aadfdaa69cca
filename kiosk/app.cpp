// The composition root: wires the session to the store, the platform client and the devices.
#include "kiosk/app.h"

#include <algorithm>
#include <filesystem>
#include <mutex>

#include "common/crash_point.h"
#include "common/id_number.h"
#include "common/log.h"
#include "drivers/health/device_health.h"
#include "kiosk/application_payload.h"
#include "kiosk/idempotency_key.h"
#include "kiosk/print_executor.h"
#include "kiosk/privacy.h"
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
#include "kiosk/worker.h"
#include "network/https_client.h"
#include "network/outbox_sync.h"
#include "network/platform_api.h"

namespace yimen::kiosk {
namespace {

constexpr const char* kLog = "app";

std::int64_t wallMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

std::int64_t steadyMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

ReceiptInfo toReceiptInfo(const store::Receipt& r, int utcOffsetMinutes) {
    ReceiptInfo info;
    info.receiptNo = r.receiptNo;
    info.queryCode = r.queryCode;
    info.itemName = r.itemName;
    info.department = r.department;
    info.timeLimitDays = r.timeLimitDays;
    info.maskedIdNumber = r.maskedIdNumber;
    info.issuedAt = localMinute(r.createdMs, utcOffsetMinutes);
    info.delivery = r.delivery == "delivered" ? Delivery::delivered
                    : r.delivery == "failed"  ? Delivery::failed
                                              : Delivery::queued;
    return info;
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
    std::unique_ptr<store::AuditLog> audit;

    // The outbox sync and the catalog refresh each own a client: HttpsClient is single-threaded.
    std::unique_ptr<network::HttpsClient> syncClient;
    std::unique_ptr<network::PlatformApi> syncApi;
    std::unique_ptr<network::OutboxSync> sync;
    std::unique_ptr<network::HttpsClient> catalogClient;
    std::unique_ptr<network::PlatformApi> catalogApi;
    std::string catalogEtag;  // catalog thread only
    Worker catalogWorker{"catalog"};

    std::atomic<bool> cardReading{false};
    Worker cardWorker{"card"};

    std::unique_ptr<store::PrintLedger> ledger;
    std::unique_ptr<PrintExecutor> printer;
    // Every write to the store (commits, ratings, audit lines, the ledger's "shown") runs here, never on
    // the main thread.
    StoreWorker storeWorker{[this](const std::string& what) { queue.post(ev::WorkerFailed{"store", what}); }};
    std::atomic<std::size_t> commitsHeld{0};
    std::atomic<std::size_t> commitsWiped{0};

    // Each driver call's outcome updates the board; a change reaches the session as DeviceHealthChanged.
    drivers::health::HealthBoard health{[this](const drivers::health::DeviceHealth& h) { onHealth(h); }};

    std::function<std::int64_t()> wallClock = wallMs;  // what is shown and stored
    TickSchedule ticks;                                // the loop's one timer
    std::int64_t clockOffsetMs = 0;                    // added by advanceClock: the session's clocks only

    Impl(const KioskConfig& c, Devices d) : config(c), devices(d), session(c.session) {}

    void onHealth(const drivers::health::DeviceHealth& h) {
        using drivers::health::HealthState;
        DeviceStatus status;
        status.state = h.state == HealthState::ok         ? DeviceStatus::State::ok
                       : h.state == HealthState::degraded ? DeviceStatus::State::degraded
                                                          : DeviceStatus::State::absent;
        status.reason = h.reason;
        const std::string device = drivers::config::toString(h.kind);
        log::info("health", device + " " + drivers::health::toString(h.state) +
                                (h.reason.empty() ? "" : ": " + h.reason));
        queue.post(ev::DeviceHealthChanged{device, status});
    }

    void reportHealth(drivers::config::DeviceKind kind, const Status& outcome) {
        health.update(drivers::health::healthOf(kind, outcome));
    }

    ~Impl() {
        queue.close();
        cardWorker.stop();
        if (printer)
            printer->stop();
        catalogWorker.stop();
        storeWorker.stop();  // runs the writes already asked for
        if (sync)
            sync->stop();
    }

    Status openStore() {
        std::error_code ec;
        std::filesystem::create_directories(config.dataDir, ec);
        if (ec)
            return fail(ErrorCode::io, "creating data folder " + config.dataDir + ": " + ec.message());
        auto opened = store::Database::open((std::filesystem::path(config.dataDir) / "kiosk.db").string());
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
        audit = std::make_unique<store::AuditLog>(*db);
        ledger = std::make_unique<store::PrintLedger>(*db);
        return {};
    }

    // At start: the receipts a kill, a power loss or the printer kept from their citizen, for the technician.
    void reportUnprinted() {
        auto unprinted = ledger->unprinted();
        if (!unprinted) {
            log::error(kLog, "print ledger unreadable: " + unprinted.error().message);
            return;
        }
        for (const auto& entry : *unprinted) {
            log::warn(kLog, "receipt " + entry.receiptNo + " was " + store::toString(entry.stage) +
                                " but never printed; it can be reprinted");
            if (auto ok = audit->append("kiosk", "receipt_unprinted",
                                        entry.receiptNo + " " + store::toString(entry.stage), wallClock());
                !ok)
                log::warn(kLog, "audit: " + ok.error().message);
        }
    }

    void loadCachedCatalog() {
        auto cached = catalogCache->load();
        if (!cached) {
            log::warn(kLog, "catalog cache unreadable: " + cached.error().message);
            return;
        }
        if (!*cached)
            return;
        auto parsed = parseCatalog((*cached)->json);
        if (!parsed) {
            log::warn(kLog, "cached catalog is damaged, waiting for the platform: " + parsed.error().message);
            return;
        }
        catalogEtag = (*cached)->etag;
        queue.post(ev::CatalogLoaded{std::make_shared<const Catalog>(std::move(*parsed))});
        log::info(kLog, "catalog " + catalogEtag + " loaded from the local cache");
    }

    // Catalog thread: refresh from the platform now and every catalogRefreshMs (sooner after a failure).
    void refreshCatalogLoop(Worker& self) {
        std::int64_t waitMs = 0;
        while (self.waitFor(std::chrono::milliseconds(waitMs))) {
            auto fetched = catalogApi->fetchCatalog(catalogEtag);
            if (!fetched) {
                log::warn(kLog, "catalog refresh: " + fetched.error().message);
                waitMs = std::min<std::int64_t>(30'000, config.catalogRefreshMs);
                continue;
            }
            waitMs = config.catalogRefreshMs;
            if (fetched->notModified)
                continue;
            auto parsed = parseCatalog(fetched->json);
            if (!parsed) {
                log::error(kLog, "the platform sent a catalog we cannot read: " + parsed.error().message);
                continue;
            }
            if (auto saved = catalogCache->save({fetched->etag, fetched->json, wallMs()}); !saved)
                log::warn(kLog, "catalog not cached: " + saved.error().message);
            catalogEtag = fetched->etag;
            log::info(kLog, "catalog " + catalogEtag + " received from the platform");
            queue.post(ev::CatalogLoaded{std::make_shared<const Catalog>(std::move(*parsed))});
        }
    }

    // Card thread: while reading is wanted, poll every 200 ms; post each card once per placement.
    void cardLoop(Worker& self) {
        bool cardPresent = false;
        while (self.waitFor(std::chrono::milliseconds(200))) {
            if (!cardReading) {
                cardPresent = false;
                continue;
            }
            auto read = devices.cardReader.readCard();
            reportHealth(drivers::config::DeviceKind::cardReader, read ? Status{} : Status{read.error()});
            if (!read) {
                log::warn("card", read.error().message);
                queue.post(ev::CardReadFailed{});
                cardPresent = false;
                continue;
            }
            if (!read->has_value()) {
                cardPresent = false;
                continue;
            }
            if (!cardPresent)
                queue.post(ev::CardRead{std::move(**read)});
            (*read)->wipe();  // what the move left behind, or the same card read again
            cardPresent = true;
        }
    }

    void onDelivery(const network::DeliveryReport& r) {
        using R = network::DeliveryReport::Result;
        const char* what = r.result == R::delivered ? "delivered"
                           : r.result == R::failed  ? "failed"
                                                    : "retrying";
        log::info("outbox", std::string(store::toString(r.kind)) + " " + r.receiptNo + " " + what +
                                (r.message.empty() ? "" : ": " + r.message));
        if (r.kind != network::OutboxKind::application)
            return;
        ev::DeliveryReported e;
        e.result = r.result == R::delivered ? ev::DeliveryReported::Result::delivered
                   : r.result == R::failed  ? ev::DeliveryReported::Result::failed
                                            : ev::DeliveryReported::Result::retrying;
        e.receiptNo = r.receiptNo;
        e.message = r.message;
        queue.post(std::move(e));
    }

    // Main thread: hands the commit to the store worker with everything it needs; the session waits for
    // ApplicationQueued or ApplicationSaveFailed.
    void commitApplication(fx::CommitApplication& c) {
        auto catalog = session.state().catalog;
        const Item* item = catalog ? catalog->item(c.itemId) : nullptr;
        if (!item) {
            queue.post(ev::ApplicationSaveFailed{"item " + c.itemId + " is not in the catalog"});
            return;
        }
        auto job = std::make_shared<fx::CommitApplication>(std::move(c));
        ++commitsHeld;
        storeWorker.post(
            [this, job, catalog, item, now = wallClock()] {
                struct Wipe {
                    Impl& impl;
                    fx::CommitApplication& job;
                    ~Wipe() {
                        job.applicant.wipe();
                        secureClear(job.answers);
                        --impl.commitsHeld;
                        ++impl.commitsWiped;
                    }
                } wipe{*this, *job};
                writeCommit(*job, *item, catalog->version, now);
            },
            true);
    }

    // Store thread: the receipt, the sealed outbox entry and the ledger's "committed", in one transaction.
    void writeCommit(const fx::CommitApplication& c, const Item& item, const std::string& catalogVersion,
                     std::int64_t now) {
        store::NewApplication app{
            newIdempotencyKey(), item.id, item.name, item.department, maskIdNumber(c.applicant.idNumber),
            item.timeLimitDays};
        std::optional<store::Receipt> receipt;
        Status committed = db->transaction([&]() -> Status {
            auto issued = receipts->issue(
                app,
                [&](const std::string& receiptNo, const std::string& queryCode) {
                    return applicationPayload({c.itemId, receiptNo, queryCode, isoUtc(now), &c.applicant,
                                               &c.answers, catalogVersion, config.session.utcOffsetMinutes});
                },
                now);
            if (!issued)
                return issued.error();
            receipt = std::move(*issued);
            auto recorded = ledger->committed(receipt->receiptNo, now);
            crashPoint("commit");
            return recorded;
        });
        if (!committed) {
            log::error(kLog, "application not saved: " + committed.error().message);
            queue.post(ev::ApplicationSaveFailed{committed.error().message});
            return;
        }
        crashPoint("after-commit");
        log::info(kLog, "application " + receipt->receiptNo + " committed to the outbox");
        queue.post(ev::ApplicationQueued{toReceiptInfo(*receipt, config.session.utcOffsetMinutes)});
        secureClear(receipt->queryCode);
        sync->poke();
    }

    void queueRating(const fx::QueueRating& r) {
        storeWorker.post(
            [this, r, now = wallClock()] {
                auto id = outbox->enqueue(network::OutboxKind::rating, newIdempotencyKey(), r.receiptNo,
                                          ratingPayload(r.receiptNo, r.level), now);
                if (!id) {
                    log::error(kLog, "rating not saved: " + id.error().message);
                    return;
                }
                sync->poke();
            },
            true);
    }

    void appendAudit(const std::string& actor, const std::string& action, const std::string& detail) {
        storeWorker.post(
            [this, actor, action, detail, at = wallClock()] {
                if (auto ok = audit->append(actor, action, detail, at); !ok)
                    log::error(kLog, "audit: " + ok.error().message);
            },
            false);
    }

    void printReceipt(const ReceiptInfo& receipt) {
        // The receipt screen is on: record it before anything can go wrong with the paper.
        storeWorker.post(
            [this, receiptNo = receipt.receiptNo, now = wallClock()] {
                log::info(kLog, "receipt " + receiptNo + " shown");
                if (auto ok = ledger->shown(receiptNo, now); !ok)
                    log::error(kLog, "print ledger: " + ok.error().message);
            },
            true);
        printer->printForSession(receipt);
    }

    Status reprint(const std::string& receiptNo) {
        auto entry = ledger->find(receiptNo);
        if (!entry)
            return entry.error();
        if (!*entry)
            return fail(ErrorCode::notFound, "receipt " + receiptNo + " is not in the print ledger");
        if ((*entry)->stage == store::PrintStage::printed)
            return fail(ErrorCode::conflict, "receipt " + receiptNo + " is printed already");
        auto found = receipts->find(receiptNo);
        if (!found)
            return found.error();
        if (!*found)
            return fail(ErrorCode::notFound, "no receipt " + receiptNo);
        ReceiptInfo info = toReceiptInfo(**found, config.session.utcOffsetMinutes);
        secureClear((*found)->queryCode);
        appendAudit("technician", "receipt_reprint", receiptNo);
        return printer->reprint(std::move(info));
    }

    void execute(Effect& effect) {
        std::visit(Overloaded{
                       [&](const fx::StartCardReading&) { cardReading = true; },
                       [&](const fx::StopCardReading&) { cardReading = false; },
                       [&](fx::CommitApplication& c) { commitApplication(c); },
                       [&](const fx::PrintReceipt& p) { printReceipt(p.receipt); },
                       [&](const fx::QueueRating& r) { queueRating(r); },
                       [&](const fx::Speak& s) { log::debug("voice", s.text); },
                       [&](const fx::WipePersonalData&) {
                           cardReading = false;
                           printer->forgetAfterQueued();
                       },
                       [&](const fx::Audit& a) {
                           log::info("audit", a.action + " " + a.detail);
                           appendAudit("citizen", a.action, a.detail);
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
    p->syncClient = std::make_unique<network::HttpsClient>(config.platform);
    p->syncApi = std::make_unique<network::PlatformApi>(*p->syncClient);
    p->sync =
        std::make_unique<network::OutboxSync>(*p->outbox, *p->syncApi, network::BackoffPolicy{},
                                              [p](const network::DeliveryReport& r) { p->onDelivery(r); });
    p->sync->beforeEachPass([p] {
        if (auto ok = p->receipts->learnFloor(
                wallMs(), [p](const std::string& day) { return p->syncApi->lastReceiptSequence(day); });
            !ok)
            log::warn(kLog, ok.error().message);
    });
    p->catalogClient = std::make_unique<network::HttpsClient>(config.platform);
    p->catalogApi = std::make_unique<network::PlatformApi>(*p->catalogClient);
    p->printer = std::make_unique<PrintExecutor>(
        devices.printer, *p->ledger,
        PrintExecutor::Wiring{[p](Event e) { p->queue.post(std::move(e)); },
                              [p](const Status& outcome) {
                                  p->reportHealth(drivers::config::DeviceKind::receiptPrinter, outcome);
                              },
                              [p] { return wallMs(); }});
    p->tick();
    p->loadCachedCatalog();
    p->reportUnprinted();
    p->sync->start();
    p->storeWorker.start();
    p->catalogWorker.onDeath([p](const std::string& name, const std::string& what) {
        p->queue.post(ev::WorkerFailed{name, what});
    });
    p->cardWorker.onDeath([p](const std::string& name, const std::string& what) {
        // What depends on the reader is out of service until the restarted thread reads again.
        p->reportHealth(drivers::config::DeviceKind::cardReader,
                        Status{Error{ErrorCode::device, "读卡线程故障: " + what}});
        p->queue.post(ev::WorkerFailed{name, what});
    });
    p->catalogWorker.start([p](Worker& w) { p->refreshCatalogLoop(w); });
    p->cardWorker.start([p](Worker& w) { p->cardLoop(w); });
    p->printer->start();
    if (auto ok = p->audit->append("kiosk", "start", config.kioskId, wallMs()); !ok)
        log::warn(kLog, "audit: " + ok.error().message);
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
    return impl_->reprint(receiptNo);
}

bool App::flushStore(std::chrono::milliseconds timeout) {
    return impl_->storeWorker.drain(timeout);
}

App::Held App::held() {
    return {impl_->commitsHeld.load(), impl_->printer->held(), impl_->commitsWiped.load()};
}

store::PrintLedger& App::printLedger() {
    return *impl_->ledger;
}

drivers::health::HealthBoard& App::health() {
    return impl_->health;
}
Status App::probePrinter() {
    return impl_->printer->probe();
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
    return *impl_->audit;
}

}  // namespace yimen::kiosk
