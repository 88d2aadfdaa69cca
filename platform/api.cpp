// Routing and answers of the v1 API. Writes are idempotent per Idempotency-Key (see ApplicationStore).
#include "platform/api.h"

#include <algorithm>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "common/api/application.h"
#include "common/api/holder.h"
#include "common/api/json_text.h"
#include "common/api/rating.h"
#include "common/api/receipt_sequence.h"
#include "common/field_validation.h"
#include "common/id_number.h"
#include "common/log.h"
#include "platform/application_request.h"
#include "platform/application_state.h"
#include "platform/digest.h"
#include "platform/promised_date.h"
#include "platform/rating_request.h"
#include "platform/refused_application.h"
#include "platform/timestamps.h"

namespace yimen::platform {
namespace {

constexpr std::string_view kApiPrefix = "/api/v1/";
constexpr std::string_view kApplicationsPath = "/api/v1/applications";
// An application from a kiosk that does not say its UTC offset (an older kiosk) may date things up to one day
// after today in UTC: somewhere on Earth it is already that day.
constexpr int kUnknownOffsetToleranceMinutes = 24 * 60;

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

// Answers a write from its stored outcome: 201 when created now, 200 + Idempotency-Replayed when replayed;
// both with the key echoed, so the kiosk can tell the answer is to its own request.
ApiResponse answerWrite(const Expected<WriteResult>& result, const std::string& key) {
    if (!result) {
        log::error("api", result.error().describe());
        return ApiResponse::error(apiError::internal());
    }
    ApiResponse response;
    switch (result->kind) {
    case WriteResult::Kind::created: response = ApiResponse::json(result->httpStatus, result->body); break;
    case WriteResult::Kind::replayed:
        response = ApiResponse::json(200, result->body);
        response.headers.emplace_back(kReplayedHeader, "true");
        break;
    case WriteResult::Kind::keyReused: return ApiResponse::error(apiError::idempotencyKeyReused());
    case WriteResult::Kind::duplicateReceipt: return ApiResponse::error(apiError::duplicateReceipt());
    case WriteResult::Kind::alreadyRated: return ApiResponse::error(apiError::alreadyRated());
    case WriteResult::Kind::unknownReceipt: return ApiResponse::error(apiError::ratingOfUnknownReceipt());
    }
    response.headers.emplace_back(kIdempotencyKeyHeader, key);
    return response;
}

// The answer to a write whose key was used before (a replay, or a key reused with another body); nothing
// when the key is new.
std::optional<ApiResponse> answerReplay(ApplicationStore& store, const IdempotentWrite& write) {
    Expected<std::optional<WriteResult>> earlier = store.findWrite(write);
    if (!earlier)
        return answerWrite(fail(earlier.error()), write.key);
    if (!*earlier)
        return std::nullopt;
    return answerWrite(**earlier, write.key);
}

ApiError kioskNotRegistered() {
    return {403, "kiosk_not_registered", "本终端尚未登记，暂时不能提交，请联系工作人员", ""};
}

ApiError receiptNotYours() {
    return {403, "receipt_not_yours", "回执号不属于本终端，请联系工作人员", "receiptNo"};
}

// The terminal number of the calling kiosk, or the answer to give when there is none.
std::variant<int, ApiResponse> callerTerminal(ApplicationStore& store, const std::string& kioskId) {
    Expected<std::optional<int>> terminal = store.terminalOf(kioskId);
    if (!terminal) {
        log::error("api", terminal.error().describe());
        return ApiResponse::error(apiError::internal());
    }
    if (!*terminal) {
        log::warn("api",
                  "a request of kiosk '" + kioskId + "', which is not in the kiosk registry, was refused");
        return ApiResponse::error(kioskNotRegistered());
    }
    return **terminal;
}

// yyMMdd naming a real calendar date.
bool isReceiptDay(const std::string& day) {
    if (day.size() != 6 || !std::all_of(day.begin(), day.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    return isCalendarDate("20" + day.substr(0, 2) + "-" + day.substr(2, 2) + "-" + day.substr(4, 2));
}

ApiResponse methodNotAllowed(const char* allow) {
    ApiResponse response = ApiResponse::error(apiError::methodNotAllowed());
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

Api::Api(ApplicationStore& store, ServedCatalog catalog, WallClock clock, QueryThrottle::Clock throttleClock)
    : store_(store),
      catalog_(std::move(catalog)),
      clock_(std::move(clock)),
      throttle_(std::make_unique<QueryThrottle>(std::move(throttleClock))) {
    if (!clock_)
        clock_ = [] { return std::chrono::system_clock::now(); };
}

Api::~Api() = default;

const Catalog& Api::catalogFor(const std::string& version) const {
    if (version.empty() || version == catalog_.version)
        return catalog_.catalog;
    std::lock_guard lock(olderCatalogsMutex_);
    // Entries are never removed, so a reference into one stays valid after the lock is released.
    if (const auto it = olderCatalogs_.find(version); it != olderCatalogs_.end())
        return *it->second;
    std::shared_ptr<const Catalog> older;
    Expected<std::optional<std::string>> json = store_.catalogVersion(version);
    if (!json) {
        log::error("api", json.error().describe());
        return catalog_.catalog;  // not remembered: the next application asks the store again
    }
    if (*json) {
        Expected<Catalog> parsed = parseCatalog(**json);
        if (parsed)
            older = std::make_shared<const Catalog>(std::move(*parsed));
        else
            log::error("api",
                       "catalog version " + version + " in the database: " + parsed.error().describe());
    }
    if (!older)
        return catalog_.catalog;  // unknown versions are not remembered: a kiosk cannot grow this map
    olderCatalogs_.emplace(version, older);
    return *older;
}

ApiResponse Api::handle(const ApiRequest& request) const {
    try {
        const std::string path = pathOf(request.target);
        const std::string_view query = queryOf(request.target);
        const bool get = request.method == "GET";
        const bool post = request.method == "POST";

        if (path == "/api/v1/catalog")
            return get ? getCatalog(request) : methodNotAllowed("GET");
        if (path == kApplicationsPath)
            return post ? recordIfRefused(store_, request, createApplication(request))
                        : methodNotAllowed("POST");
        if (path == "/api/v1/ratings")
            return post ? createRating(request) : methodNotAllowed("POST");
        if (path == "/api/v1/holders/applications")
            return post ? holderApplications(request) : methodNotAllowed("POST");
        if (path == "/api/v1/kiosks/self/receipts")
            return get ? ownReceiptSequence(request, query) : methodNotAllowed("GET");
        if (path.size() > kApplicationsPath.size() + 1 &&
            path.compare(0, kApplicationsPath.size(), kApplicationsPath) == 0 &&
            path[kApplicationsPath.size()] == '/') {
            const std::string receiptNo = path.substr(kApplicationsPath.size() + 1);
            if (receiptNo.find('/') == std::string::npos)
                return get ? applicationStatus(request.kioskId, receiptNo, query) : methodNotAllowed("GET");
        }
        return ApiResponse::error(apiError::notFound());
    } catch (const std::exception& e) {
        log::error("api", std::string("answering ") + request.method + " " + pathOf(request.target) + ": " +
                              e.what());
        return ApiResponse::error(apiError::internal());
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
        return ApiResponse::error(apiError::missingIdempotencyKey());
    auto envelope = parseApplicationEnvelope(request.body);
    if (const auto* problem = std::get_if<ApiError>(&envelope))
        return ApiResponse::error(*problem);
    const ApplicationEnvelope& e = std::get<ApplicationEnvelope>(envelope);

    // A replay is answered from what was stored, before anything that may have changed since (the catalog,
    // the date, the registry) can refuse it.
    const IdempotentWrite write{request.kioskId, "applications", key, e.fingerprint};
    if (auto replay = answerReplay(store_, write); replay)
        return *replay;

    const auto terminal = callerTerminal(store_, request.kioskId);
    if (const auto* refusal = std::get_if<ApiResponse>(&terminal))
        return *refusal;
    const std::string today = ymdAt(clock_(), e.utcOffsetMinutes.value_or(kUnknownOffsetToleranceMinutes));
    auto checked = checkApplication(e, catalogFor(e.catalogVersion), today);
    if (const auto* problem = std::get_if<ApiError>(&checked))
        return ApiResponse::error(*problem);
    const ApplicationRequest& application = std::get<ApplicationRequest>(checked);
    const std::optional<int> receiptTerminalNo = receiptTerminal(application.application.receiptNo);
    if (!receiptTerminalNo)
        return ApiResponse::error(ApiError{422, "invalid_receipt_no", "回执号格式不正确", "receiptNo"});
    if (*receiptTerminalNo != std::get<int>(terminal))
        return ApiResponse::error(receiptNotYours());

    const std::string receiptNo = application.application.receiptNo;
    auto answer = [&receiptNo, &key](const std::string& id, const std::string& createdAt) {
        return api::encodeApplicationCreated({id, receiptNo, toString(ApplicationState::submitted),
                                              displayText(ApplicationState::submitted), createdAt, key});
    };
    return answerWrite(store_.createApplication(write, application.application, answer), key);
}

ApiResponse Api::applicationStatus(const std::string& kioskId, const std::string& receiptNo,
                                   std::string_view query) const {
    // A malformed receipt number counts against the kiosk only: the throttle keeps no key it need not keep.
    const std::string throttled = isReceiptNo(receiptNo) ? receiptNo : std::string();
    const QueryThrottle::Admission admission = throttle_->admit(kioskId, throttled);
    if (!admission.admitted) {
        ApiResponse response = ApiResponse::error(apiError::tooManyAttempts(admission.retryAfter));
        response.headers.emplace_back(kRetryAfterHeader, std::to_string(admission.retryAfter.count()));
        return response;
    }
    ApiResponse response = lookUpApplication(receiptNo, query);
    if (response.status != 404)
        throttle_->found(kioskId, throttled, admission);
    return response;
}

ApiResponse Api::lookUpApplication(const std::string& receiptNo, std::string_view query) const {
    const std::string code = queryParameter(query, "code");
    if (!isReceiptNo(receiptNo) || !isQueryCode(code))
        return ApiResponse::error(apiError::receiptNotFound());
    Expected<StoredApplication> found = store_.applicationForCitizen(receiptNo, code);
    if (!found) {
        if (found.error().code == ErrorCode::notFound)
            return refusedApplicationStatus(store_, catalog_.catalog, receiptNo, code)
                .value_or(ApiResponse::error(apiError::receiptNotFound()));
        log::error("api", found.error().describe());
        return ApiResponse::error(apiError::internal());
    }
    const StoredApplication& a = *found;
    const auto state = parseApplicationState(a.status);
    // The item as the platform serves it now: its time limit is what the department promises today.
    const Item* item = catalog_.catalog.item(a.itemId);
    const std::string promised = item ? promisedBy(a.submittedAt, item->timeLimitDays).value_or("") : "";
    return ApiResponse::json(
        200, api::encodeApplicationStatus({a.receiptNo, a.itemId, a.itemName, a.department, a.status,
                                           state ? displayText(*state) : a.status, a.submittedAt, a.timeline,
                                           promised, std::nullopt, a.ratedAt}));
}

// A read that carries the ID number in its body, never in the URL (which the access log writes down). Safe to
// repeat; no Idempotency-Key.
ApiResponse Api::holderApplications(const ApiRequest& request) const {
    const auto terminal = callerTerminal(store_, request.kioskId);
    if (const auto* refusal = std::get_if<ApiResponse>(&terminal))
        return *refusal;
    const std::optional<nlohmann::json> body = api::parseJsonObject(request.body);
    if (!body)
        return ApiResponse::error(apiError::malformedJson());
    const api::Decoding<api::HolderQuery> query = api::decodeHolderQuery(*body);
    if (query.fault || checkIdNumber(query.value.idNumber) != IdNumberProblem::none)
        return ApiResponse::error(apiError::validationFailed("idNumber", "身份证号码无法识别"));
    Expected<std::vector<StoredApplication>> found =
        store_.applicationsOfHolder(query.value.idNumber, api::kMaxHolderApplications);
    if (!found) {
        log::error("api", found.error().describe());
        return ApiResponse::error(apiError::internal());
    }
    api::HolderApplications list;
    for (const StoredApplication& a : *found) {
        api::HolderApplication entry;
        entry.receiptNo = a.receiptNo;
        entry.itemId = a.itemId;
        entry.itemName = a.itemName;
        entry.department = a.department;
        entry.status = a.status;
        const auto state = parseApplicationState(a.status);
        entry.statusText = state ? displayText(*state) : a.status;
        entry.submittedAt = a.submittedAt;
        for (const TimelineEntry& step : a.timeline)
            if (step.status == toString(ApplicationState::completed))
                entry.completedAt = step.at;
        list.applications.push_back(std::move(entry));
    }
    ApiResponse response = ApiResponse::json(200, api::encodeHolderApplications(list));
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

ApiResponse Api::createRating(const ApiRequest& request) const {
    const std::string key = header(request, "idempotency-key");
    if (!isIdempotencyKey(key))
        return ApiResponse::error(apiError::missingIdempotencyKey());
    const std::optional<nlohmann::json> body = api::parseJsonObject(request.body);
    if (!body)
        return ApiResponse::error(apiError::malformedJson());
    const IdempotentWrite write{request.kioskId, "ratings", key, sha256Hex(api::dumpJson(*body))};
    if (auto replay = answerReplay(store_, write); replay)
        return *replay;

    const auto terminal = callerTerminal(store_, request.kioskId);
    if (const auto* refusal = std::get_if<ApiResponse>(&terminal))
        return *refusal;
    auto parsed = parseRatingRequest(request.body);
    if (const auto* problem = std::get_if<ApiError>(&parsed))
        return ApiResponse::error(*problem);
    const RatingRequest& rating = std::get<RatingRequest>(parsed);

    const int level = rating.rating.level;
    auto answer = [level, &key](const std::string& id, const std::string&) {
        return api::encodeRatingCreated({id, level, key});
    };
    return answerWrite(store_.createRating(write, rating.rating, answer), key);
}

ApiResponse Api::ownReceiptSequence(const ApiRequest& request, std::string_view query) const {
    const auto terminal = callerTerminal(store_, request.kioskId);
    if (const auto* refusal = std::get_if<ApiResponse>(&terminal))
        return *refusal;
    const std::string day = queryParameter(query, "day");
    if (!isReceiptDay(day))
        return ApiResponse::error(apiError::validationFailed("day", "日期应为6位数字（年月日，如261129）"));
    Expected<int> last = store_.lastReceiptSequence(std::get<int>(terminal), day);
    if (!last) {
        log::error("api", last.error().describe());
        return ApiResponse::error(apiError::internal());
    }
    return ApiResponse::json(200, api::encodeReceiptSequence({std::get<int>(terminal), day, *last}));
}

}  // namespace yimen::platform
