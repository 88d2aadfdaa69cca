// LookupExecutor: GET /applications/{receiptNo} for the track journey.
#include "kiosk/executors/lookup_executor.h"

#include "common/log.h"
#include "kiosk/core/privacy.h"

namespace yimen::kiosk {
namespace {

constexpr const char* kLog = "lookup";

ev::LookupAnswered answerOf(std::uint64_t lookupId, const Expected<network::StatusLookup>& lookup) {
    using R = ev::LookupAnswered::Result;
    ev::LookupAnswered answer;
    answer.lookupId = lookupId;
    if (!lookup) {
        const ErrorCode code = lookup.error().code;
        const bool away =
            code == ErrorCode::unavailable || code == ErrorCode::timeout || code == ErrorCode::tls;
        answer.result = away ? R::unreachable : R::failed;
        return answer;
    }
    switch (lookup->outcome) {
    case network::StatusLookup::Outcome::found:
        answer.result = R::found;
        answer.status = lookup->status;
        break;
    case network::StatusLookup::Outcome::notFound: answer.result = R::notFound; break;
    case network::StatusLookup::Outcome::throttled: answer.result = R::throttled; break;
    }
    answer.message = lookup->message;
    return answer;
}

}  // namespace

LookupExecutor::LookupExecutor(const network::TlsClientConfig& platform, ExecutorWiring wiring)
    : wiring_(std::move(wiring)), client_(platform), api_(client_) {}

LookupExecutor::~LookupExecutor() {
    stop();
    forget();
}

void LookupExecutor::start() {
    worker_.onDeath([this](const std::string& name, const std::string& what) {
        wiring_.post(ev::WorkerFailed{name, what});
    });
    worker_.start([this](StopToken& stop) { loop(stop); });
}

void LookupExecutor::lookUp(const fx::LookUpApplication& request) {
    {
        std::lock_guard lock(mutex_);
        if (pending_)
            secureClear(pending_->queryCode);
        pending_ = request;
    }
    worker_.wake();
}

void LookupExecutor::forget() {
    std::lock_guard lock(mutex_);
    if (pending_)
        secureClear(pending_->queryCode);
    pending_.reset();
}

void LookupExecutor::stop() {
    worker_.stop();
}

void LookupExecutor::loop(StopToken& stop) {
    while (stop.waitFor(std::chrono::hours(24))) {
        std::optional<fx::LookUpApplication> request;
        {
            std::lock_guard lock(mutex_);
            request.swap(pending_);
        }
        if (!request)
            continue;
        auto lookup = api_.lookUpApplication(request->receiptNo, request->queryCode);
        secureClear(request->queryCode);
        if (!lookup)
            log::warn(kLog, lookup.error().message);
        wiring_.post(answerOf(request->lookupId, lookup));
    }
}

}  // namespace yimen::kiosk
