// The v1 platform API over HttpsClient: catalog with ETag, idempotent writes, application status.
#include "network/platform_api.h"

#include <algorithm>

#include <cctype>

#include "common/api/rating.h"
#include "common/api/receipt_sequence.h"

namespace yimen::network {
namespace {

constexpr const char* kApiBase = "/api/v1";

bool isSuccess(int status) {
    return status >= 200 && status < 300;
}

// Shown to a citizen when the platform's answer carries no message of its own.
std::string genericMessage(int status) {
    if (status == 408 || status == 429)
        return "服务平台繁忙，请稍后再试";
    if (status >= 500)
        return "服务平台暂时无法处理，请稍后再试";
    return "服务平台未能受理此请求";
}

// The platform's JSON error {"error":{"code","message","field"}}, or a generic one when the body is not that.
ApiError parseApiError(int status, const std::string& body) {
    Expected<ApiError> decoded = api::decodeErrorBody(status, body);
    if (!decoded)
        return ApiError{status, "http_" + std::to_string(status), genericMessage(status), {}};
    return std::move(*decoded);
}

// An unexpected status on a read: the platform's code and message, classified.
Error statusError(const HttpResponse& response) {
    const ApiError api = parseApiError(response.status, response.body);
    ErrorCode code = ErrorCode::serverError;
    if (response.status == 404)
        code = ErrorCode::notFound;
    else if (response.status == 408 || response.status == 429)
        code = ErrorCode::unavailable;
    else if (response.status >= 400 && response.status < 500)
        code = ErrorCode::rejected;
    return {code, "HTTP " + std::to_string(response.status) + " " + api.code + ": " + api.message};
}

std::string percentEncode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0x0F];
        }
    }
    return out;
}

// Why a 2xx answer does not acknowledge the write, or "" when it does (agreement in WriteOutcome). Only the
// receipt (or the rating id) and the idempotency key are read: a fault in a later member does not matter.
std::string notAcknowledged(const HttpResponse& response, const std::string& key,
                            const std::string& expectedReceipt) {
    if (response.status != 200 && response.status != 201)
        return "HTTP " + std::to_string(response.status) + " is not an acknowledgement";
    const auto notObject = [&response](const std::optional<api::FieldFault>& fault) {
        return fault && fault->field.empty()
                   ? "the HTTP " + std::to_string(response.status) + " answer is not a JSON object"
                   : std::string();
    };
    std::string echoed;
    std::optional<api::FieldFault> fault;
    if (!expectedReceipt.empty()) {
        const auto created = api::decodeApplicationCreated(response.body);
        fault = created.fault;
        if (const std::string why = notObject(fault); !why.empty())
            return why;
        if (fault && fault->field == "receiptNo")
            return "the answer names no receipt: " + fault->describe();
        if (created.value.receiptNo != expectedReceipt)
            return "the answer names receipt " + created.value.receiptNo + ", not " + expectedReceipt;
        echoed = created.value.idempotencyKey;
    } else {
        const auto created = api::decodeRatingCreated(response.body);
        fault = created.fault;
        if (const std::string why = notObject(fault); !why.empty())
            return why;
        if ((fault && fault->field == "ratingId") || created.value.ratingId.empty())
            return "the answer carries no rating id";
        echoed = created.value.idempotencyKey;
    }
    if (fault && fault->field == "idempotencyKey")
        return "the answer's idempotency key: " + fault->describe();
    if (echoed.empty())
        echoed = response.header("idempotency-key");
    if (echoed.empty())
        return "the answer names no idempotency key";
    if (echoed != key)
        return "the answer is for another idempotency key";
    return {};
}

bool isDay(const std::string& day) {
    if (day.size() != 6)
        return false;
    for (const char c : day)
        if (c < '0' || c > '9')
            return false;
    return true;
}

}  // namespace

bool WriteOutcome::permanent() const {
    if (delivered || !refused)
        return false;
    const int status = refused->httpStatus;
    return status >= 400 && status < 500 && status != 408 && status != 429;
}

Expected<CatalogFetch> PlatformApi::fetchCatalog(const std::string& etag) {
    const std::string what = "fetching the catalog";
    HttpRequest request;
    request.target = std::string(kApiBase) + "/catalog";
    if (!etag.empty())
        request.headers["If-None-Match"] = etag;
    auto response = client_.send(request);
    if (!response)
        return fail(response.error().withContext(what));
    CatalogFetch result;
    result.etag = response->header("etag");
    if (response->status == 304) {
        result.notModified = true;
        if (result.etag.empty())
            result.etag = etag;
        return result;
    }
    if (response->status != 200)
        return fail(statusError(*response).withContext(what));
    if (response->body.empty())
        return fail(ErrorCode::serverError, what + ": the platform sent an empty catalog");
    result.json = std::move(response->body);
    return result;
}

WriteOutcome PlatformApi::createApplication(const std::string& idempotencyKey, const std::string& receiptNo,
                                            const std::string& payloadJson) {
    if (receiptNo.empty()) {
        WriteOutcome outcome;
        outcome.transport = Error{ErrorCode::invalidInput, "POST an application: no receipt number"};
        return outcome;
    }
    return post(std::string(kApiBase) + "/applications", idempotencyKey, payloadJson, receiptNo);
}

WriteOutcome PlatformApi::submitRating(const std::string& idempotencyKey, const std::string& payloadJson) {
    return post(std::string(kApiBase) + "/ratings", idempotencyKey, payloadJson, {});
}

Expected<int> PlatformApi::lastReceiptSequence(const std::string& day) {
    const std::string what = "asking the platform for the last receipt of day " + day;
    if (!isDay(day))
        return fail(ErrorCode::invalidInput, what + ": the day is not yyMMdd");
    HttpRequest request;
    request.target = std::string(kApiBase) + "/kiosks/self/receipts?day=" + day;
    auto response = client_.send(request);
    if (!response)
        return fail(response.error().withContext(what));
    if (response->status != 200)
        return fail(statusError(*response).withContext(what));
    // Read in the order lastSequence, day, terminalNumber; the kiosk does not use the terminal number.
    const api::Decoding<api::ReceiptSequence> decoded = api::decodeReceiptSequence(response->body);
    const std::string fault = decoded.fault ? decoded.fault->field : std::string();
    if (decoded.fault && fault.empty())
        return fail(ErrorCode::serverError, what + ": the reply is not a JSON object");
    const int last = decoded.value.lastSequence;
    if (fault == "lastSequence" || last < 0 || last > 9999)
        return fail(ErrorCode::serverError, what + ": \"lastSequence\" is missing or not 0..9999");
    if (fault == "day" || (!decoded.value.day.empty() && decoded.value.day != day))
        return fail(ErrorCode::serverError, what + ": the reply is for another day");
    return last;
}

WriteOutcome PlatformApi::post(const std::string& target, const std::string& key, const std::string& body,
                               const std::string& expectedReceipt) {
    WriteOutcome outcome;
    HttpRequest request;
    request.method = "POST";
    request.target = target;
    request.headers["Idempotency-Key"] = key;
    request.body = body;
    auto response = client_.send(request);
    if (!response) {
        outcome.transport = response.error().withContext("POST " + target);
        return outcome;
    }
    if (isSuccess(response->status)) {
        if (const std::string why = notAcknowledged(*response, key, expectedReceipt); !why.empty()) {
            outcome.transport = Error{ErrorCode::serverError, "POST " + target + ": " + why};
            return outcome;
        }
        outcome.delivered = true;
        outcome.responseJson = std::move(response->body);
        return outcome;
    }
    outcome.refused = parseApiError(response->status, response->body);
    return outcome;
}

Expected<ApplicationStatus> PlatformApi::applicationStatus(const std::string& receiptNo,
                                                           const std::string& queryCode) {
    auto lookup = lookUpApplication(receiptNo, queryCode);
    if (!lookup)
        return fail(lookup.error());
    switch (lookup->outcome) {
    case StatusLookup::Outcome::found: return std::move(lookup->status);
    case StatusLookup::Outcome::notFound: return fail(ErrorCode::notFound, lookup->message);
    case StatusLookup::Outcome::throttled: break;
    }
    return fail(ErrorCode::unavailable, "HTTP 429: " + lookup->message);
}

Expected<StatusLookup> PlatformApi::lookUpApplication(const std::string& receiptNo,
                                                      const std::string& queryCode) {
    const std::string what = "asking the status of " + receiptNo;
    HttpRequest request;
    request.target = std::string(kApiBase) + "/applications/" + percentEncode(receiptNo) +
                     "?code=" + percentEncode(queryCode);
    auto response = client_.send(request);
    if (!response)
        return fail(response.error().withContext(what));
    StatusLookup lookup;
    if (response->status == 404 || response->status == 429) {
        // Shown to the citizen as it is: it never says whether the receipt or the code was wrong.
        lookup.outcome =
            response->status == 404 ? StatusLookup::Outcome::notFound : StatusLookup::Outcome::throttled;
        lookup.message = parseApiError(response->status, response->body).message;
        const std::string retryAfter = response->header("retry-after");
        if (!retryAfter.empty() && retryAfter.size() <= 6 &&
            std::all_of(retryAfter.begin(), retryAfter.end(), [](char c) { return c >= '0' && c <= '9'; }))
            lookup.retryAfterSeconds = std::stoi(retryAfter);
        return lookup;
    }
    if (response->status != 200)
        return fail(statusError(*response).withContext(what));
    Expected<ApplicationStatus> parsed = api::decodeApplicationStatus(response->body).result();
    if (!parsed)
        return fail(
            Error{ErrorCode::serverError, parsed.error().message}.withContext(what + ": malformed reply"));
    lookup.outcome = StatusLookup::Outcome::found;
    lookup.status = std::move(*parsed);
    return lookup;
}

}  // namespace yimen::network
