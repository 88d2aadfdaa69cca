// SubmissionExecutor: commits and ratings through the store worker into the outbox, and the sync that
// delivers them.
#include "kiosk/executors/submission_executor.h"

#include <optional>

#include "common/crash_point.h"
#include "common/id_number.h"
#include "common/log.h"
#include "kiosk/application_payload.h"
#include "kiosk/executors/stored_receipt.h"
#include "kiosk/idempotency_key.h"
#include "kiosk/core/privacy.h"

namespace yimen::kiosk {
namespace {

constexpr const char* kLog = "app";

}  // namespace

SubmissionExecutor::SubmissionExecutor(Store store, const network::TlsClientConfig& platform,
                                       int utcOffsetMinutes, ExecutorWiring wiring)
    : store_(store),
      utcOffsetMinutes_(utcOffsetMinutes),
      wiring_(std::move(wiring)),
      client_(platform),
      api_(client_) {
    sync_ =
        std::make_unique<network::OutboxSync>(store_.outbox, api_, network::BackoffPolicy{},
                                              [this](const network::DeliveryReport& r) { onDelivery(r); });
    sync_->beforeEachPass([this] {
        if (auto ok = store_.receipts.learnFloor(
                systemWallMs(), [this](const std::string& day) { return api_.lastReceiptSequence(day); });
            !ok)
            log::warn(kLog, ok.error().message);
    });
}

SubmissionExecutor::~SubmissionExecutor() {
    stop();
}

void SubmissionExecutor::start() {
    sync_->start();
}

void SubmissionExecutor::stop() {
    sync_->stop();
}

void SubmissionExecutor::onDelivery(const network::DeliveryReport& r) {
    using R = network::DeliveryReport::Result;
    const char* what = r.result == R::delivered ? "delivered" : r.result == R::failed ? "failed" : "retrying";
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
    wiring_.post(std::move(e));
}

void SubmissionExecutor::commit(fx::CommitApplication& c, std::shared_ptr<const Catalog> catalog) {
    const Item* item = catalog ? catalog->item(c.itemId) : nullptr;
    if (!item) {
        wiring_.post(ev::ApplicationSaveFailed{"item " + c.itemId + " is not in the catalog"});
        return;
    }
    auto job = std::make_shared<fx::CommitApplication>(std::move(c));
    ++commitsHeld_;
    store_.worker.post(
        [this, job, catalog, item, now = wiring_.wallMs()] {
            struct Wipe {
                SubmissionExecutor& executor;
                fx::CommitApplication& job;
                ~Wipe() {
                    job.applicant.wipe();
                    secureClear(job.answers);
                    --executor.commitsHeld_;
                    ++executor.commitsWiped_;
                }
            } wipe{*this, *job};
            writeCommit(*job, *item, catalog->version, now);
        },
        true);
}

void SubmissionExecutor::writeCommit(const fx::CommitApplication& c, const Item& item,
                                     const std::string& catalogVersion, std::int64_t now) {
    store::NewApplication app{
        newIdempotencyKey(), item.id, item.name, item.department, maskIdNumber(c.applicant.idNumber),
        item.timeLimitDays};
    std::optional<store::Receipt> receipt;
    Status committed = store_.db.transaction([&]() -> Status {
        auto issued = store_.receipts.issue(
            app,
            [&](const std::string& receiptNo, const std::string& queryCode) {
                return applicationPayload({c.itemId, receiptNo, queryCode, isoUtc(now), &c.applicant,
                                           &c.answers, catalogVersion, utcOffsetMinutes_});
            },
            now);
        if (!issued)
            return issued.error();
        receipt = std::move(*issued);
        auto recorded = store_.ledger.committed(receipt->receiptNo, now);
        crashPoint("commit");
        return recorded;
    });
    if (!committed) {
        log::error(kLog, "application not saved: " + committed.error().message);
        wiring_.post(ev::ApplicationSaveFailed{committed.error().message});
        return;
    }
    crashPoint("after-commit");
    log::info(kLog, "application " + receipt->receiptNo + " committed to the outbox");
    wiring_.post(ev::ApplicationQueued{toReceiptInfo(*receipt, utcOffsetMinutes_)});
    secureClear(receipt->queryCode);
    sync_->poke();
}

void SubmissionExecutor::queueRating(const fx::QueueRating& r) {
    store_.worker.post(
        [this, r, now = wiring_.wallMs()] {
            auto id = store_.outbox.enqueue(network::OutboxKind::rating, newIdempotencyKey(), r.receiptNo,
                                            ratingPayload(r.receiptNo, r.level, r.tags), now);
            if (!id) {
                log::error(kLog, "rating not saved: " + id.error().message);
                return;
            }
            sync_->poke();
        },
        true);
}

}  // namespace yimen::kiosk
