// The v1 API (network/api/openapi.yaml) as a function from request to response, independent of HTTP plumbing.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "platform/api_error.h"
#include "platform/application_store.h"
#include "platform/catalog_source.h"
#include "platform/query_throttle.h"
#include "platform/request_target.h"

namespace yimen::platform {

struct ApiRequest {
    std::string method;  // "GET", "POST", ...
    std::string target;  // path and query, e.g. "/api/v1/applications/YM01?code=123456"
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
    std::string kioskId;  // CN of the client certificate
};

struct ApiResponse {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type
    std::string body;                                          // JSON, or empty

    static ApiResponse json(int status, std::string body) { return {status, {}, std::move(body)}; }
    static ApiResponse error(const ApiError& e) { return {e.httpStatus, {}, api::encodeErrorBody(e)}; }
};

// Header names the API reads and writes.
inline constexpr const char* kIdempotencyKeyHeader = "Idempotency-Key";
inline constexpr const char* kReplayedHeader = "Idempotency-Replayed";
inline constexpr const char* kRetryAfterHeader = "Retry-After";  // seconds, on 429

// 8–128 characters of [A-Za-z0-9_-].
bool isIdempotencyKey(const std::string& key);

// The wall clock the API judges dates by; injected so tests need not depend on the machine's time or zone.
using WallClock = std::function<std::chrono::system_clock::time_point()>;

// Routes and answers API requests. Thread-safe: any number of server threads may call handle() at once.
// Lookups of applications are throttled per receipt number and per kiosk (platform/query_throttle.h).
class Api {
public:
    // Borrows `store` for the Api's lifetime. `catalog` is the current catalog; the store must hold every
    // version served before (ApplicationStore::saveCatalog). An empty `clock` is the system clock; an empty
    // `throttleClock` the steady clock the lookup throttle measures its window with.
    Api(ApplicationStore& store, ServedCatalog catalog, WallClock clock = {},
        QueryThrottle::Clock throttleClock = {});
    ~Api();
    Api(const Api&) = delete;
    Api& operator=(const Api&) = delete;

    // Never throws: a failure inside becomes 500 internal_error.
    ApiResponse handle(const ApiRequest& request) const;

    const ServedCatalog& catalog() const { return catalog_; }

private:
    ApiResponse getCatalog(const ApiRequest& request) const;
    ApiResponse createApplication(const ApiRequest& request) const;
    // Throttled: 429 too_many_attempts with Retry-After while the receipt or the kiosk has too many failed
    // lookups; otherwise lookUpApplication, whose 404 counts as a failed lookup.
    ApiResponse applicationStatus(const std::string& kioskId, const std::string& receiptNo,
                                  std::string_view query) const;
    ApiResponse lookUpApplication(const std::string& receiptNo, std::string_view query) const;
    ApiResponse createRating(const ApiRequest& request) const;
    ApiResponse holderApplications(const ApiRequest& request) const;
    ApiResponse ownReceiptSequence(const ApiRequest& request, std::string_view query) const;

    // The catalog an application naming `version` is judged by: that version when the store has it, else
    // the current one. Older versions found are parsed once and kept (never removed).
    const Catalog& catalogFor(const std::string& version) const;

    ApplicationStore& store_;
    ServedCatalog catalog_;
    WallClock clock_;
    mutable std::mutex olderCatalogsMutex_;
    mutable std::map<std::string, std::shared_ptr<const Catalog>> olderCatalogs_;
    const std::unique_ptr<QueryThrottle> throttle_;  // thread-safe itself
};

}  // namespace yimen::platform
