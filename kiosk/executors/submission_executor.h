// The submission executor: an application committed to the sealed outbox in one transaction, a rating
// queued, and the outbox sync that delivers both to the platform.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/catalog.h"
#include "kiosk/core/effect.h"
#include "kiosk/executors/executor.h"
#include "kiosk/store/database.h"
#include "kiosk/store/outbox.h"
#include "kiosk/store/print_ledger.h"
#include "kiosk/store/receipt_book.h"
#include "kiosk/store_worker.h"
#include "network/https_client.h"
#include "network/outbox_sync.h"
#include "network/platform_api.h"
#include "network/tls_config.h"

namespace yimen::kiosk {

// Writes run on the store worker, deliveries on the sync's thread; outcomes reach the session as
// ApplicationQueued / ApplicationSaveFailed and DeliveryReported. Borrows the store objects and the store
// worker; owns the sync and its platform client. Calls are for the main thread unless they say otherwise.
class SubmissionExecutor {
public:
    struct Store {
        store::Database& db;
        store::Outbox& outbox;
        store::ReceiptBook& receipts;
        store::PrintLedger& ledger;
        StoreWorker& worker;
    };

    SubmissionExecutor(Store store, const network::TlsClientConfig& platform, int utcOffsetMinutes,
                       ExecutorWiring wiring);
    ~SubmissionExecutor();  // stop()
    SubmissionExecutor(const SubmissionExecutor&) = delete;
    SubmissionExecutor& operator=(const SubmissionExecutor&) = delete;

    // Starts the outbox sync.
    void start();
    // Stops the sync, waiting for at most one delivery. Idempotent.
    void stop();

    // Hands the commit to the store worker with everything it needs; the session waits for ApplicationQueued
    // or ApplicationSaveFailed. `c` is moved from; its personal data is wiped once written (or failed).
    void commit(fx::CommitApplication& c, std::shared_ptr<const Catalog> catalog);
    // Queues the rating in the outbox (essential: never dropped).
    void queueRating(const fx::QueueRating& r);

    // Commits being written, and commits wiped after use (the privacy tests' seam). Any thread.
    std::size_t commitsHeld() const { return commitsHeld_.load(); }
    std::size_t commitsWiped() const { return commitsWiped_.load(); }

private:
    // Store thread: the receipt, the sealed outbox entry and the ledger's "committed", in one transaction.
    void writeCommit(const fx::CommitApplication& c, const Item& item, const std::string& catalogVersion,
                     std::int64_t now);
    // Sync thread.
    void onDelivery(const network::DeliveryReport& r);

    Store store_;
    const int utcOffsetMinutes_;
    ExecutorWiring wiring_;
    network::HttpsClient client_;
    network::PlatformApi api_;
    std::unique_ptr<network::OutboxSync> sync_;
    std::atomic<std::size_t> commitsHeld_{0};
    std::atomic<std::size_t> commitsWiped_{0};
};

}  // namespace yimen::kiosk
