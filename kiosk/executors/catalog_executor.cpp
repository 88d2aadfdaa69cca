// CatalogExecutor: the cached catalog first, then the platform's, kept fresh by a refresh thread.
#include "kiosk/executors/catalog_executor.h"

#include <algorithm>
#include <chrono>

#include "common/catalog.h"
#include "common/log.h"

namespace yimen::kiosk {
namespace {

constexpr const char* kLog = "app";

}  // namespace

CatalogExecutor::CatalogExecutor(store::CatalogCache& cache, const network::TlsClientConfig& platform,
                                 std::int64_t refreshMs, ExecutorWiring wiring)
    : cache_(cache), refreshMs_(refreshMs), wiring_(std::move(wiring)), client_(platform), api_(client_) {}

CatalogExecutor::~CatalogExecutor() {
    stop();
}

void CatalogExecutor::loadCached() {
    auto cached = cache_.load();
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
    etag_ = (*cached)->etag;
    wiring_.post(ev::CatalogLoaded{std::make_shared<const Catalog>(std::move(*parsed))});
    log::info(kLog, "catalog " + etag_ + " loaded from the local cache");
}

void CatalogExecutor::start() {
    worker_.onDeath([this](const std::string& name, const std::string& what) {
        wiring_.post(ev::WorkerFailed{name, what});
    });
    worker_.start([this](StopToken& stop) { refreshLoop(stop); });
}

void CatalogExecutor::stop() {
    worker_.stop();
}

// Refresh from the platform now and every refreshMs (sooner after a failure).
void CatalogExecutor::refreshLoop(StopToken& stop) {
    std::int64_t waitMs = 0;
    while (stop.waitFor(std::chrono::milliseconds(waitMs))) {
        auto fetched = api_.fetchCatalog(etag_);
        if (!fetched) {
            log::warn(kLog, "catalog refresh: " + fetched.error().message);
            waitMs = std::min<std::int64_t>(30'000, refreshMs_);
            continue;
        }
        waitMs = refreshMs_;
        if (fetched->notModified)
            continue;
        auto parsed = parseCatalog(fetched->json);
        if (!parsed) {
            log::error(kLog, "the platform sent a catalog we cannot read: " + parsed.error().message);
            continue;
        }
        if (auto saved = cache_.save({fetched->etag, fetched->json, wiring_.wallMs()}); !saved)
            log::warn(kLog, "catalog not cached: " + saved.error().message);
        etag_ = fetched->etag;
        log::info(kLog, "catalog " + etag_ + " received from the platform");
        wiring_.post(ev::CatalogLoaded{std::make_shared<const Catalog>(std::move(*parsed))});
    }
}

}  // namespace yimen::kiosk
