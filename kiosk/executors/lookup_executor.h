// The lookup executor: a citizen's receipt looked up on the platform, on its own thread.
#pragma once

#include <mutex>
#include <optional>

#include "common/worker.h"
#include "kiosk/core/effect.h"
#include "kiosk/executors/executor.h"
#include "network/https_client.h"
#include "network/platform_api.h"
#include "network/tls_config.h"

namespace yimen::kiosk {

// Carries out fx::LookUpApplication and reports ev::LookupAnswered with the same lookupId. One lookup at a
// time: a newer request replaces one not yet sent (the session only waits for its latest). Owns its platform
// client (HttpsClient is single-threaded) and its thread; a death of the thread is posted as WorkerFailed and
// the thread restarts. lookUp() and stop() from the main thread.
class LookupExecutor {
public:
    LookupExecutor(const network::TlsClientConfig& platform, ExecutorWiring wiring);
    ~LookupExecutor();  // stop()
    LookupExecutor(const LookupExecutor&) = delete;
    LookupExecutor& operator=(const LookupExecutor&) = delete;

    void start();
    // Queues the lookup; the query code is wiped once it was sent (or replaced).
    void lookUp(const fx::LookUpApplication& request);
    // Drops a lookup not yet sent (the session ended). Its answer never comes.
    void forget();
    // Stops and joins the thread. Idempotent.
    void stop();

private:
    void loop(StopToken& stop);

    ExecutorWiring wiring_;
    network::HttpsClient client_;  // the lookup thread only
    network::PlatformApi api_;
    std::mutex mutex_;
    std::optional<fx::LookUpApplication> pending_;  // guarded by mutex_
    Worker worker_{"lookup"};
};

}  // namespace yimen::kiosk
