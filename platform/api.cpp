// Routing and answers of the v1 API. Writes are idempotent per Idempotency-Key (see ApplicationStore).
#include "platform/api.h"

#include <algorithm>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/log.h"
#include "platform/application_request.h"
#include "platform/application_state.h"
#include "platform/rating_request.h"

namespace yimen::platform {
namespace {

constexpr std::string_view kApiPrefix = "/api/v1/";
constexpr std::string_view kApplicationsPath = "/api/v1/applications";

std::string dump(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string header(const ApiRequest& request, const std::string& lowerName) {
    const auto it = request.headers.find(lowerName);
    return it != request.headers.end() ? it->second : std::string();
}

// Whether an If-None-Match value (a list of entity tags, or *) matches `etag` ("…", with quotes).
bool matchesEtag(const std::string& ifNoneMatch, const std::string& etag) {
    std::size_t pos = 0;
    while (pos < ifNoneMatch.size()) {
        std::size_t end = ifNoneMatch.find(',', pos);
        if (end == std::string::npos)
            end = ifNoneMatch.size();
        std::string_view tag(ifNoneMatch.data() + pos, end - pos);
        while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
        while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
        if (tag.substr(0, 2) == "W/")
            tag.remove_prefix(2);  // weak comparison, as RFC 9110 asks for If-None-Match
        if (tag == "*" || tag == etag)
            return true;
        pos = end + 1;
    }
    return false;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::string percentDecode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 &&
            hexValue(text[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2])));
            i += 2;
        } else {
            out.push_back(text[i] == '+' ? ' ' : text[i]);
        }
    }
    return out;
}

// The value of `name` in a query string, decoded; empty when absent.
std::string queryParameter(std::string_view query, std::string_view name) {
    std::size_t pos = 0;
    while (pos <= query.size()) {
        std::size_t end = query.find('&', pos);
        if (end == std::string_view::npos)
            end = query.size();
        const std::string_view pair = query.substr(pos, end - pos);
        const std::size_t eq = pair.find('=');
        if (percentDecode(pair.substr(0, eq)) == name)
            return eq == std::string_view::npos ? std::string() : percentDecode(pair.substr(eq + 1));
        pos = end + 1;
    }
    return {};
}

// Answers a write from its stored outcome: 201 when created now, 200 + Idempotency-Replayed when replayed.
ApiResponse answerWrite(const Expected<WriteResult>& result, const std::string& key) {
    if (!result) {
        log::error("api", result.error().describe());
        return ApiResponse::error(ApiError::internal());
    }
    switch (result->kind) {
    case WriteResult::Kind::created: {
        ApiResponse response = ApiResponse::json(result->httpStatus, result->body);
        response.headers.emplace_back(kIdempotencyKeyHeader, key);
        return response;
    }
    case WriteResult::Kind::replayed: {
        ApiResponse response = ApiResponse::json(200, result->body);
        response.headers.emplace_back(kReplayedHeader, "true");
        response.headers.emplace_back(kIdempotencyKeyHeader, key);
        return response;
    }
    case WriteResult::Kind::keyReused: return ApiResponse::error(ApiError::idempotencyKeyReused());
    case WriteResult::Kind::duplicateReceipt: return ApiResponse::error(ApiError::duplicateReceipt());
    }
    return ApiResponse::error(ApiError::internal());
}

ApiResponse methodNotAllowed(const char* allow) {
    ApiResponse response = ApiResponse::error(ApiError::methodNotAllowed());
    response.headers.emplace_back("Allow", allow);
    return response;
}

}  // namespace

bool isIdempotencyKey(const std::string& key) {
    return key.size() >= 8 && key.size() <= 128 && std::all_of(key.begin(), key.end(), [](char c) {
               return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-';
           });
}

std::string pathOf(const std::string& target) {
    return target.substr(0, target.find('?'));
}

Api::Api(ApplicationStore& store, ServedCatalog catalog) : store_(store), catalog_(std::move(catalog)) {}

ApiResponse Api::handle(const ApiRequest& request) const {
    try {
        const std::string path = pathOf(request.target);
        const std::string query =
            path.size() < request.target.size() ? request.target.substr(path.size() + 1) : "";
        const bool get = request.method == "GET";
        const bool post = request.method == "POST";

        if (path == "/api/v1/catalog")
            return get ? getCatalog(request) : methodNotAllowed("GET");
        if (path == kApplicationsPath)
            return post ? createApplication(request) : methodNotAllowed("POST");
        if (path == "/api/v1/ratings")
            return post ? createRating(request) : methodNotAllowed("POST");
        if (path.size() > kApplicationsPath.size() + 1 &&
            path.compare(0, kApplicationsPath.size(), kApplicationsPath) == 0 &&
            path[kApplicationsPath.size()] == '/') {
            const std::string receiptNo = path.substr(kApplicationsPath.size() + 1);
            if (receiptNo.find('/') == std::string::npos)
                return get ? applicationStatus(receiptNo, query) : methodNotAllowed("GET");
        }
        return ApiResponse::error(ApiError::notFound());
    } catch (const std::exception& e) {
        log::error("api", std::string("answering ") + request.method + " " + pathOf(request.target) + ": " +
                              e.what());
        return ApiResponse::error(ApiError::internal());
    }
}

ApiResponse Api::getCatalog(const ApiRequest& request) const {
    const std::string etag = "\"" + catalog_.version + "\"";
    ApiResponse response;
    response.headers.emplace_back("ETag", etag);
    response.headers.emplace_back("Cache-Control", "no-cache");
    if (matchesEtag(header(request, "if-none-match"), etag)) {
        response.status = 304;
        return response;
    }
    response.status = 200;
    response.body = catalog_.json;
    return response;
}

ApiResponse Api::createApplication(const ApiRequest& request) const {
    const std::string key = header(request, "idempotency-key");
    if (!isIdempotencyKey(key))
        return ApiResponse::error(ApiError::missingIdempotencyKey());
    auto parsed = parseApplicationRequest(request.body, catalog_.catalog);
    if (const auto* problem = std::get_if<ApiError>(&parsed))
        return ApiResponse::error(*problem);
    const ApplicationRequest& application = std::get<ApplicationRequest>(parsed);

    const IdempotentWrite write{request.kioskId, "applications", key, application.fingerprint};
    const std::string receiptNo = application.application.receiptNo;
    auto answer = [&receiptNo](const std::string& id, const std::string& createdAt) {
        return dump({{"applicationId", id},
                     {"receiptNo", receiptNo},
                     {"status", toString(ApplicationState::submitted)},
                     {"statusText", displayText(ApplicationState::submitted)},
                     {"createdAt", createdAt}});
    };
    return answerWrite(store_.createApplication(write, application.application, answer), key);
}

ApiResponse Api::applicationStatus(const std::string& receiptNo, const std::string& query) const {
    const std::string code = queryParameter(query, "code");
    if (!isReceiptNo(receiptNo) || !isQueryCode(code))
        return ApiResponse::error(ApiError::receiptNotFound());
    Expected<StoredApplication> found = store_.applicationForCitizen(receiptNo, code);
    if (!found) {
        if (found.error().code == ErrorCode::notFound)
            return ApiResponse::error(ApiError::receiptNotFound());
        log::error("api", found.error().describe());
        return ApiResponse::error(ApiError::internal());
    }
    const StoredApplication& a = *found;
    nlohmann::json timeline = nlohmann::json::array();
    for (const TimelineEntry& e : a.timeline)
        timeline.push_back({{"status", e.status}, {"text", e.text}, {"at", e.at}, {"note", e.note}});
    const auto state = parseApplicationState(a.status);
    return ApiResponse::json(200, dump({{"receiptNo", a.receiptNo},
                                        {"itemId", a.itemId},
                                        {"itemName", a.itemName},
                                        {"department", a.department},
                                        {"status", a.status},
                                        {"statusText", state ? displayText(*state) : a.status.c_str()},
                                        {"submittedAt", a.submittedAt},
                                        {"timeline", timeline}}));
}

ApiResponse Api::createRating(const ApiRequest& request) const {
    const std::string key = header(request, "idempotency-key");
    if (!isIdempotencyKey(key))
        return ApiResponse::error(ApiError::missingIdempotencyKey());
    auto parsed = parseRatingRequest(request.body);
    if (const auto* problem = std::get_if<ApiError>(&parsed))
        return ApiResponse::error(*problem);
    const RatingRequest& rating = std::get<RatingRequest>(parsed);

    const IdempotentWrite write{request.kioskId, "ratings", key, rating.fingerprint};
    const int level = rating.rating.level;
    auto answer = [level](const std::string& id, const std::string&) {
        return dump({{"ratingId", id}, {"level", level}});
    };
    return answerWrite(store_.createRating(write, rating.rating, answer), key);
}

}  // namespace yimen::platform
