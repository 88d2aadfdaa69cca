// The catalog executor: the catalog from the local cache at start, then from the platform on its own thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/worker.h"
#include "kiosk/executors/executor.h"
#include "kiosk/store/catalog_cache.h"
#include "network/https_client.h"
#include "network/platform_api.h"
#include "network/tls_config.h"

namespace yimen::kiosk {

// Each catalog it reads reaches the session as CatalogLoaded. Owns its platform client (HttpsClient is
// single-threaded) and its thread; borrows the cache. A death of the thread is posted as WorkerFailed and the
// thread restarts.
class CatalogExecutor {
public:
    // refreshMs: the pause between refreshes (a failed one is retried after at most 30 s).
    CatalogExecutor(store::CatalogCache& cache, const network::TlsClientConfig& platform,
                    std::int64_t refreshMs, ExecutorWiring wiring);
    ~CatalogExecutor();  // stop()
    CatalogExecutor(const CatalogExecutor&) = delete;
    CatalogExecutor& operator=(const CatalogExecutor&) = delete;

    // Posts the cached catalog, if one is readable. Call before start(); main thread.
    void loadCached();
    // Refreshes from the platform now and every refreshMs, on its own thread.
    void start();
    // Stops and joins the thread. Idempotent.
    void stop();

private:
    void refreshLoop(StopToken& stop);

    store::CatalogCache& cache_;
    const std::int64_t refreshMs_;
    ExecutorWiring wiring_;
    network::HttpsClient client_;
    network::PlatformApi api_;
    std::string etag_;  // before start(): the main thread; then the catalog thread only
    Worker worker_{"catalog"};
};

}  // namespace yimen::kiosk
