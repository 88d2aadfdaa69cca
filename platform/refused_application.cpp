// Recording a final refusal of a create, and answering the citizen who tracks its receipt.
#include "platform/refused_application.h"

#include <exception>

#include <nlohmann/json.hpp>

#include "common/api/application.h"
#include "common/api/error_body.h"
#include "common/api/json_text.h"
#include "common/log.h"
#include "platform/application_request.h"
#include "platform/application_state.h"
#include "platform/timestamps.h"

namespace yimen::platform {
namespace {

using nlohmann::json;

// The string member `name` of `object`, or empty.
std::string stringIn(const json& object, const char* name) {
    const auto it = object.find(name);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Whether the kiosk takes `status` as final, as network::WriteOutcome::permanent does.
bool isFinalRefusal(int status) {
    return status >= 400 && status < 500 && status != 408 && status != 429;
}

}  // namespace

ApiResponse recordIfRefused(ApplicationStore& store, const ApiRequest& request, ApiResponse answer) {
    if (!isFinalRefusal(answer.status))
        return answer;
    try {
        // The body may be what was refused: only the members needed to find it again are read, leniently.
        const std::optional<json> parsed = api::parseJsonObject(request.body);
        if (!parsed)
            return answer;
        const json& body = *parsed;
        Refusal refusal;
        refusal.receiptNo = stringIn(body, "receiptNo");
        const std::string queryCode = stringIn(body, "queryCode");
        // Without both the citizen could never ask about it.
        if (!isReceiptNo(refusal.receiptNo) || !isQueryCode(queryCode))
            return answer;
        const Expected<api::ApiError> reason = api::decodeErrorBody(answer.status, answer.body);
        refusal.itemId = stringIn(body, "itemId");
        refusal.kioskId = request.kioskId;
        refusal.submittedAt = stringIn(body, "submittedAt");
        refusal.refusedAt = utcNowIso8601();
        if (reason) {
            refusal.reasonCode = reason->code;
            refusal.reasonMessage = reason->message;
        }
        if (Status s = store.recordRefusal(refusal, queryCode); !s)
            log::error("api", s.error().describe());
        else
            log::warn("api", "refused " + refusal.receiptNo + " of " + refusal.kioskId + " for good (" +
                                 std::to_string(answer.status) + " " + refusal.reasonCode +
                                 "); the citizen's tracking shows it");
    } catch (const std::exception& e) {
        log::error("api", std::string("recording a refusal: ") + e.what());
    }
    return answer;
}

std::optional<ApiResponse> refusedApplicationStatus(ApplicationStore& store, const Catalog& catalog,
                                                    const std::string& receiptNo,
                                                    const std::string& queryCode) {
    Expected<std::optional<Refusal>> found = store.refusalForCitizen(receiptNo, queryCode);
    if (!found) {
        log::error("api", found.error().describe());
        return ApiResponse::error(apiError::internal());
    }
    if (!*found)
        return std::nullopt;
    const Refusal& r = **found;
    const Item* item = catalog.item(r.itemId);
    const char* state = toString(ApplicationState::refused);
    const char* text = displayText(ApplicationState::refused);
    std::string note = r.reasonMessage;
    if (!note.empty() && !note.ends_with("。"))
        note += "。";
    note += kRefusalNextStep;
    api::ApplicationStatus status;
    status.receiptNo = r.receiptNo;
    status.itemId = r.itemId;
    status.itemName = item ? item->name : std::string();
    status.department = item ? item->department : std::string();
    status.status = state;
    status.statusText = text;
    status.submittedAt = r.submittedAt;
    api::TimelineEntry refused;
    refused.status = state;
    refused.text = text;
    refused.at = r.refusedAt;
    refused.note = note;
    refused.nextStep = kRefusalNextStep;
    status.timeline.push_back(std::move(refused));
    status.refusal = api::Refusal{r.reasonCode, r.reasonMessage, kRefusalNextStep};
    return ApiResponse::json(200, api::encodeApplicationStatus(status));
}

}  // namespace yimen::platform
