// The v1 platform API over HttpsClient: catalog with ETag, idempotent writes, application status.
#include "network/platform_api.h"

#include <cctype>
#include <nlohmann/json.hpp>

namespace yimen::network {
namespace {

using nlohmann::json;

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
    ApiError error{status, "http_" + std::to_string(status), genericMessage(status), {}};
    const json doc = json::parse(body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return error;
    const auto inner = doc.find("error");
    if (inner == doc.end() || !inner->is_object())
        return error;
    const auto code = inner->find("code");
    const auto message = inner->find("message");
    if (code == inner->end() || !code->is_string() || code->get_ref<const std::string&>().empty() ||
        message == inner->end() || !message->is_string() || message->get_ref<const std::string&>().empty())
        return error;
    error.code = code->get<std::string>();
    error.message = message->get<std::string>();
    if (const auto field = inner->find("field"); field != inner->end() && field->is_string())
        error.field = field->get<std::string>();
    return error;
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

// Reads a string member; a missing optional member leaves `out` empty.
bool readString(const json& object, const char* key, std::string& out, bool required, std::string& problem) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        if (required)
            problem = std::string("\"") + key + "\" is missing";
        return !required;
    }
    if (!it->is_string()) {
        problem = std::string("\"") + key + "\" is not a string";
        return false;
    }
    out = it->get<std::string>();
    return true;
}

Expected<ApplicationStatus> parseApplicationStatus(const std::string& body) {
    const json doc = json::parse(body, nullptr, false);
    if (doc.is_discarded())
        return fail(ErrorCode::serverError, "the reply is not JSON");
    if (!doc.is_object())
        return fail(ErrorCode::serverError, "the reply is not a JSON object");
    ApplicationStatus status;
    std::string problem;
    if (!readString(doc, "receiptNo", status.receiptNo, true, problem) ||
        !readString(doc, "status", status.status, true, problem) ||
        !readString(doc, "statusText", status.statusText, true, problem) ||
        !readString(doc, "itemId", status.itemId, false, problem) ||
        !readString(doc, "itemName", status.itemName, false, problem) ||
        !readString(doc, "department", status.department, false, problem))
        return fail(ErrorCode::serverError, problem);
    const auto timeline = doc.find("timeline");
    if (timeline == doc.end() || !timeline->is_array())
        return fail(ErrorCode::serverError, "\"timeline\" is missing or not a list");
    for (std::size_t i = 0; i < timeline->size(); ++i) {
        const json& step = (*timeline)[i];
        const std::string where = "timeline[" + std::to_string(i) + "]: ";
        if (!step.is_object())
            return fail(ErrorCode::serverError, where + "not an object");
        TimelineEntry entry;
        if (!readString(step, "status", entry.status, true, problem) ||
            !readString(step, "text", entry.text, true, problem) ||
            !readString(step, "at", entry.at, true, problem) ||
            !readString(step, "note", entry.note, false, problem))
            return fail(ErrorCode::serverError, where + problem);
        status.timeline.push_back(std::move(entry));
    }
    return status;
}

// Why a 2xx answer does not acknowledge the write, or "" when it does (agreement in WriteOutcome).
std::string notAcknowledged(const HttpResponse& response, const std::string& key,
                            const std::string& expectedReceipt) {
    if (response.status != 200 && response.status != 201)
        return "HTTP " + std::to_string(response.status) + " is not an acknowledgement";
    const json doc = json::parse(response.body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return "the HTTP " + std::to_string(response.status) + " answer is not a JSON object";
    std::string problem;
    if (!expectedReceipt.empty()) {
        std::string receipt;
        if (!readString(doc, "receiptNo", receipt, true, problem))
            return "the answer names no receipt: " + problem;
        if (receipt != expectedReceipt)
            return "the answer names receipt " + receipt + ", not " + expectedReceipt;
    } else {
        std::string ratingId;
        if (!readString(doc, "ratingId", ratingId, true, problem) || ratingId.empty())
            return "the answer carries no rating id";
    }
    std::string echoed;
    if (!readString(doc, "idempotencyKey", echoed, false, problem))
        return "the answer's idempotency key: " + problem;
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
    const json doc = json::parse(response->body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return fail(ErrorCode::serverError, what + ": the reply is not a JSON object");
    const auto last = doc.find("lastSequence");
    if (last == doc.end() || !last->is_number_integer() || last->get<std::int64_t>() < 0 ||
        last->get<std::int64_t>() > 9999)
        return fail(ErrorCode::serverError, what + ": \"lastSequence\" is missing or not 0..9999");
    std::string answeredDay, problem;
    if (!readString(doc, "day", answeredDay, false, problem) || (!answeredDay.empty() && answeredDay != day))
        return fail(ErrorCode::serverError, what + ": the reply is for another day");
    return static_cast<int>(last->get<std::int64_t>());
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
    const std::string what = "asking the status of " + receiptNo;
    HttpRequest request;
    request.target = std::string(kApiBase) + "/applications/" + percentEncode(receiptNo) +
                     "?code=" + percentEncode(queryCode);
    auto response = client_.send(request);
    if (!response)
        return fail(response.error().withContext(what));
    if (response->status == 404) {
        // Shown to the citizen as it is: it never says whether the receipt or the code was wrong.
        return fail(ErrorCode::notFound, parseApiError(404, response->body).message);
    }
    if (response->status != 200)
        return fail(statusError(*response).withContext(what));
    auto parsed = parseApplicationStatus(response->body);
    if (!parsed)
        return fail(parsed.error().withContext(what + ": malformed reply"));
    return parsed;
}

}  // namespace yimen::network
