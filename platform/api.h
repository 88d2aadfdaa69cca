// The v1 API (network/api/openapi.yaml) as a function from request to response, independent of HTTP plumbing.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "platform/api_error.h"
#include "platform/application_store.h"
#include "platform/catalog_source.h"

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
    static ApiResponse error(const ApiError& e) { return {e.httpStatus, {}, e.toJson()}; }
};

// Header names the API reads and writes.
inline constexpr const char* kIdempotencyKeyHeader = "Idempotency-Key";
inline constexpr const char* kReplayedHeader = "Idempotency-Replayed";

// 8–128 characters of [A-Za-z0-9_-].
bool isIdempotencyKey(const std::string& key);

// The path of `target` without its query string.
std::string pathOf(const std::string& target);

// Routes and answers API requests. Thread-safe: any number of server threads may call handle() at once.
class Api {
public:
    // Borrows `store` for the Api's lifetime.
    Api(ApplicationStore& store, ServedCatalog catalog);

    // Never throws: a failure inside becomes 500 internal_error.
    ApiResponse handle(const ApiRequest& request) const;

    const ServedCatalog& catalog() const { return catalog_; }

private:
    ApiResponse getCatalog(const ApiRequest& request) const;
    ApiResponse createApplication(const ApiRequest& request) const;
    ApiResponse applicationStatus(const std::string& receiptNo, const std::string& query) const;
    ApiResponse createRating(const ApiRequest& request) const;

    ApplicationStore& store_;
    ServedCatalog catalog_;
};

}  // namespace yimen::platform
