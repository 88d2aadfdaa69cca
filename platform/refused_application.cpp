// Recording a final refusal of a create, and answering the citizen who tracks its receipt.
#include "platform/refused_application.h"

#include <exception>

#include <nlohmann/json.hpp>

#include "common/log.h"
#include "platform/application_request.h"
#include "platform/application_state.h"
#include "platform/timestamps.h"

namespace yimen::platform {
namespace {

using nlohmann::json;

std::string dump(const json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

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
        const json body = json::parse(request.body, nullptr, false);
        if (!body.is_object())
            return answer;
        Refusal refusal;
        refusal.receiptNo = stringIn(body, "receiptNo");
        const std::string queryCode = stringIn(body, "queryCode");
        // Without both the citizen could never ask about it.
        if (!isReceiptNo(refusal.receiptNo) || !isQueryCode(queryCode))
            return answer;
        const json error = json::parse(answer.body, nullptr, false);
        const json reason = error.is_object() && error.contains("error") ? error["error"] : json::object();
        refusal.itemId = stringIn(body, "itemId");
        refusal.kioskId = request.kioskId;
        refusal.submittedAt = stringIn(body, "submittedAt");
        refusal.refusedAt = utcNowIso8601();
        refusal.reasonCode = stringIn(reason, "code");
        refusal.reasonMessage = stringIn(reason, "message");
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
        return ApiResponse::error(ApiError::internal());
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
    note += kRefusalWhatToDo;
    return ApiResponse::json(
        200,
        dump({{"receiptNo", r.receiptNo},
              {"itemId", r.itemId},
              {"itemName", item ? item->name : std::string()},
              {"department", item ? item->department : std::string()},
              {"status", state},
              {"statusText", text},
              {"submittedAt", r.submittedAt},
              {"timeline",
               json::array({{{"status", state}, {"text", text}, {"at", r.refusedAt}, {"note", note}}})},
              {"refusal",
               {{"code", r.reasonCode}, {"message", r.reasonMessage}, {"whatToDo", kRefusalWhatToDo}}}}));
}

}  // namespace yimen::platform
