// The JSON bodies of the kiosk's writes, exactly as network/api/openapi.yaml describes them.
#include "kiosk/application_payload.h"

#include "common/api/rating.h"

#include <ctime>
#include <nlohmann/json.hpp>

namespace yimen::kiosk {

std::string applicationPayload(const ApplicationDraft& d) {
    nlohmann::json j;
    j["itemId"] = d.itemId;
    j["receiptNo"] = d.receiptNo;
    j["queryCode"] = d.queryCode;
    j["submittedAt"] = d.submittedAt;
    if (d.applicant) {
        j["applicant"] = {{"name", d.applicant->name},
                          {"idNumber", d.applicant->idNumber},
                          {"sex", d.applicant->sex},
                          {"nation", d.applicant->nation},
                          {"birthDate", d.applicant->birthDate},
                          {"address", d.applicant->address}};
    }
    j["answers"] = nlohmann::json::object();
    if (d.answers)
        for (const auto& [k, v] : *d.answers) j["answers"][k] = v;
    j["catalogVersion"] = catalogVersionOf(d.catalogEtag);
    j["utcOffsetMinutes"] = d.utcOffsetMinutes;
    return j.dump();
}

std::string catalogVersionOf(const std::string& etag) {
    std::string value = etag;
    if (value.rfind("W/", 0) == 0)
        value.erase(0, 2);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
        value = value.substr(1, value.size() - 2);
    return value;
}

std::string ratingPayload(const std::string& receiptNo, int level, const std::vector<std::string>& tags) {
    return api::encodeNewRating({receiptNo, level, tags, {}});
}

std::string isoUtc(std::int64_t ms) {
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string localMinute(std::int64_t ms, int utcOffsetMinutes) {
    const std::time_t t =
        static_cast<std::time_t>(ms / 1000 + static_cast<std::int64_t>(utcOffsetMinutes) * 60);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
    return buf;
}

}  // namespace yimen::kiosk
