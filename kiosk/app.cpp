// The composition root: wires the session to the store, the platform client and the devices.
#include "kiosk/app.h"

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>

#include "common/id_number.h"
#include "common/log.h"
#include "drivers/health/device_health.h"
#include "kiosk/application_payload.h"
#include "kiosk/idempotency_key.h"
#include "kiosk/receipt_layout.h"
#include "kiosk/store/audit_log.h"
#include "kiosk/store/catalog_cache.h"
#include "kiosk/store/database.h"
#include "kiosk/store/outbox.h"
#include "kiosk/store/outbox_key.h"
#include "kiosk/store/receipt_book.h"
#include "kiosk/store/sealed_box.h"
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

// A thread that runs `body` until stopped; `body` waits with the given wait function so stop() is prompt.
class Worker {
public:
    ~Worker() { stop(); }
    void start(std::function<void(Worker&)> body) {
        thread_ = std::thread([this, body = std::move(body)] {
            try {
                body(*this);
            } catch (const std::exception& e) {
                log::error(kLog, std::string("worker stopped by an exception: ") + e.what());
            }
        });
    }
    // Waits up to `d` or until woken; returns false once stopping.
    bool waitFor(std::chrono::milliseconds d) {
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, d, [&] { return stopping_ || woken_; });
        woken_ = false;
        return !stopping_;
    }
    void wake() {
        {
            std::lock_guard lock(mutex_);
            woken_ = true;
        }
        cv_.notify_all();
    }
    void stop() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        cv_.notify_all();
        if (thread_.joinable())
            thread_.join();
    }
    bool stopping() {
        std::lock_guard lock(mutex_);
        return stopping_;
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
    bool woken_ = false;
    std::thread thread_;
};

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
    Worker catalogWorker;

    std::atomic<bool> cardReading{false};
    Worker cardWorker;

    std::mutex printMutex;
    std::deque<ReceiptInfo> printJobs;
    std::mutex printerMutex;  // the printer takes one caller at a time: the print worker or a probe
    Worker printWorker;

    // Each driver call's outcome updates the board; a change reaches the session as DeviceHealthChanged.
    drivers::health::HealthBoard health{[this](const drivers::health::DeviceHealth& h) { onHealth(h); }};

    std::int64_t lastTickMs = 0;
    std::int64_t clockOffsetMs = 0;  // added by advanceClock: the session's clock only

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
        printWorker.stop();
        catalogWorker.stop();
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
        return {};
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
            else
                (*read)->wipe();
            cardPresent = true;
        }
    }

    void printLoop(Worker& self) {
        while (self.waitFor(std::chrono::milliseconds(500))) {
            for (;;) {
                ReceiptInfo job;
                {
                    std::lock_guard lock(printMutex);
                    if (printJobs.empty())
                        break;
                    job = std::move(printJobs.front());
                    printJobs.pop_front();
                }
                queue.post(printOne(job));
            }
        }
    }

    Status probePrinter() {
        std::lock_guard lock(printerMutex);
        auto status = devices.printer.status();
        const Status outcome = !status              ? Status{status.error()}
                               : status->canPrint() ? Status{}
                                                    : Status{Error{ErrorCode::device, status->describe()}};
        reportHealth(drivers::config::DeviceKind::receiptPrinter, outcome);
        return outcome;
    }

    ev::PrintFinished printOne(const ReceiptInfo& job) {
        std::lock_guard lock(printerMutex);
        auto bytes = layoutReceipt(job, devices.printer.widthDots());
        if (!bytes) {
            log::error("printer",
                       "receipt " + job.receiptNo + " could not be laid out: " + bytes.error().message);
            return {false, "回执内容无法打印"};
        }
        auto status = devices.printer.status();
        reportHealth(drivers::config::DeviceKind::receiptPrinter,
                     !status              ? Status{status.error()}
                     : status->canPrint() ? Status{}
                                          : Status{Error{ErrorCode::device, status->describe()}});
        if (!status) {
            log::error("printer", "status: " + status.error().message);
            return {false, "打印机无响应"};
        }
        if (!status->canPrint()) {
            log::warn("printer", "receipt " + job.receiptNo + " not printed: " + status->describe());
            return {false, status->describe()};
        }
        auto printed = devices.printer.print(*bytes);
        reportHealth(drivers::config::DeviceKind::receiptPrinter, printed);
        if (!printed) {
            log::error("printer", "receipt " + job.receiptNo + ": " + printed.error().message);
            auto after = devices.printer.status();
            return {false, after && !after->canPrint() ? after->describe() : std::string("打印机故障")};
        }
        log::info("printer", "receipt " + job.receiptNo + " printed");
        return {true, ""};
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

    void commitApplication(const fx::CommitApplication& c) {
        const Catalog* catalog = session.state().catalog.get();
        const Item* item = catalog ? catalog->item(c.itemId) : nullptr;
        if (!item) {
            queue.post(ev::ApplicationSaveFailed{"item " + c.itemId + " is not in the catalog"});
            return;
        }
        store::NewApplication app{
            newIdempotencyKey(), item->id, item->name, item->department, maskIdNumber(c.applicant.idNumber),
            item->timeLimitDays};
        const std::int64_t now = wallMs();
        auto issued = receipts->issue(
            app,
            [&](const std::string& receiptNo, const std::string& queryCode) {
                return applicationPayload({c.itemId, receiptNo, queryCode, isoUtc(now), &c.applicant,
                                           &c.answers, catalog->version, config.session.utcOffsetMinutes});
            },
            now);
        if (!issued) {
            log::error(kLog, "application not saved: " + issued.error().message);
            queue.post(ev::ApplicationSaveFailed{issued.error().message});
            return;
        }
        log::info(kLog, "application " + issued->receiptNo + " committed to the outbox");
        queue.post(ev::ApplicationQueued{toReceiptInfo(*issued, config.session.utcOffsetMinutes)});
        sync->poke();
    }

    void queueRating(const fx::QueueRating& r) {
        auto id = outbox->enqueue(network::OutboxKind::rating, newIdempotencyKey(), r.receiptNo,
                                  ratingPayload(r.receiptNo, r.level), wallMs());
        if (!id) {
            log::error(kLog, "rating not saved: " + id.error().message);
            return;
        }
        sync->poke();
    }

    void execute(const Effect& effect) {
        std::visit(Overloaded{
                       [&](const fx::StartCardReading&) { cardReading = true; },
                       [&](const fx::StopCardReading&) { cardReading = false; },
                       [&](const fx::CommitApplication& c) { commitApplication(c); },
                       [&](const fx::PrintReceipt& p) {
                           {
                               std::lock_guard lock(printMutex);
                               printJobs.push_back(p.receipt);
                           }
                           printWorker.wake();
                       },
                       [&](const fx::QueueRating& r) { queueRating(r); },
                       [&](const fx::Speak& s) { log::debug("voice", s.text); },
                       [&](const fx::WipePersonalData&) { cardReading = false; },
                       [&](const fx::Audit& a) {
                           log::info("audit", a.action + " " + a.detail);
                           if (auto ok = audit->append("citizen", a.action, a.detail, wallMs()); !ok)
                               log::error(kLog, "audit: " + ok.error().message);
                       },
                       [&](const fx::LogBug& b) { log::error("session", "bug: " + b.message); },
                   },
                   effect);
    }

    void dispatch(const Event& e) {
        for (const auto& effect : session.handle(e)) execute(effect);
    }

    // One turn of the loop: a tick when due, then at most one event.
    void turn(std::chrono::milliseconds wait) {
        const std::int64_t now = wallMs();
        if (now - lastTickMs >= 250) {
            lastTickMs = now;
            dispatch(ev::Tick{now + clockOffsetMs});
        }
        if (auto e = queue.take(wait))
            dispatch(*e);
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
    p->dispatch(ev::Tick{wallMs()});
    p->loadCachedCatalog();
    p->sync->start();
    p->catalogWorker.start([p](Worker& w) { p->refreshCatalogLoop(w); });
    p->cardWorker.start([p](Worker& w) { p->cardLoop(w); });
    p->printWorker.start([p](Worker& w) { p->printLoop(w); });
    if (auto ok = p->audit->append("kiosk", "start", config.kioskId, wallMs()); !ok)
        log::warn(kLog, "audit: " + ok.error().message);
    return std::unique_ptr<App>(new App(std::move(impl)));
}

void App::post(Event event) {
    impl_->queue.post(std::move(event));
}

void App::run(const std::atomic<bool>& stop) {
    while (!stop) impl_->turn(std::chrono::milliseconds(100));
}

bool App::runUntil(const std::function<bool(const SessionState&)>& done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done(impl_->session.state())) {
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
        impl_->turn(std::chrono::milliseconds(20));
    }
    return true;
}

void App::advanceClock(std::chrono::milliseconds by) {
    impl_->clockOffsetMs += by.count();
    impl_->lastTickMs = 0;  // tick at once with the new time
}

drivers::health::HealthBoard& App::health() {
    return impl_->health;
}
Status App::probePrinter() {
    return impl_->probePrinter();
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
