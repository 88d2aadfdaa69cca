// libFuzzer target: the body of POST /api/v1/applications on arbitrary bytes, as a kiosk (or anyone with a
// certificate) could send it, checked against the seed catalog. Whatever is accepted must be a well-formed
// application with a fingerprint; whatever is refused must be a 400 or 422 with a code and a message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

#include "platform/application_request.h"
#include "platform/catalog_source.h"

using namespace yimen::platform;

namespace {

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

const ServedCatalog& catalog() {
    static const ServedCatalog served = [] {
        auto c = loadCatalog("");
        check(c.hasValue());
        return std::move(*c);
    }();
    return served;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    auto envelope = parseApplicationEnvelope(body);
    if (const auto* problem = std::get_if<ApiError>(&envelope)) {
        check(problem->httpStatus == 400 || problem->httpStatus == 422);
        check(!problem->code.empty() && !problem->message.empty());
        return 0;
    }
    const ApplicationEnvelope& e = std::get<ApplicationEnvelope>(envelope);
    check(e.fingerprint.size() == 64);
    check(!e.utcOffsetMinutes ||
          (*e.utcOffsetMinutes >= -kMaxUtcOffsetMinutes && *e.utcOffsetMinutes <= kMaxUtcOffsetMinutes));
    auto checked = checkApplication(e, catalog().catalog, "20261129");
    if (const auto* problem = std::get_if<ApiError>(&checked)) {
        check(problem->httpStatus == 422);
        check(!problem->code.empty() && !problem->message.empty());
        return 0;
    }
    const ApplicationRequest& a = std::get<ApplicationRequest>(checked);
    check(a.fingerprint == e.fingerprint);
    check(isReceiptNo(a.application.receiptNo));
    check(isQueryCode(a.application.queryCode));
    check(catalog().catalog.item(a.application.itemId) != nullptr);
    check(a.application.applicant.count("name") == 1);
    return 0;
}
