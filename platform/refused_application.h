// A receipt in a citizen's hand whose application the platform refused for good: the refusal is recorded
// when the kiosk is told, and tracking the receipt then shows it and what to do, never "unknown receipt".
#pragma once

#include <optional>
#include <string>

#include "common/catalog.h"
#include "platform/api.h"
#include "platform/application_store.h"

namespace yimen::platform {

// What the citizen is asked to do about a refused application; ends every refusal's timeline note.
inline constexpr const char* kRefusalNextStep = "请携带本回执到政务服务中心窗口办理";

// Called with the answer to POST /api/v1/applications. When it is a refusal the kiosk takes as final (4xx
// other than 408 and 429) of a body that names a well-formed receipt number and query code, records it in
// `store` (receipt number, the code's hash, item, kiosk, the kiosk's submittedAt, now, and the answer's
// error code and message; nothing else of the body). Returns `answer` as it is: a refusal that cannot be
// recorded is logged, and the kiosk is told the same. Never throws; any thread.
ApiResponse recordIfRefused(ApplicationStore& store, const ApiRequest& request, ApiResponse answer);

// The answer to GET /api/v1/applications/{receiptNo}?code=… for a receipt with a recorded refusal and no
// application: 200 with the ApplicationStatus of state refused (未能提交), the item's name and department
// from `catalog` when it has the item, one timeline entry with the reason and kRefusalNextStep, and the
// refusal's code and message. Nothing when no refusal is recorded for that receipt and code; 500 when the
// store fails. Never throws; any thread.
std::optional<ApiResponse> refusedApplicationStatus(ApplicationStore& store, const Catalog& catalog,
                                                    const std::string& receiptNo,
                                                    const std::string& queryCode);

}  // namespace yimen::platform
