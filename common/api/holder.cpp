// The holder codecs. Decoders read in the order their header states: callers rely on it.
#include "common/api/holder.h"

#include <tuple>

#include "common/api/json_fields.h"
#include "common/api/json_text.h"

namespace yimen::api {
namespace {

using nlohmann::json;

std::optional<FieldFault> readHolderQuery(const json& body, HolderQuery& q) {
    return fields::readString(body, "idNumber", q.idNumber, true);
}

std::optional<FieldFault> readHolderApplications(const json& doc, HolderApplications& list) {
    const auto applications = doc.find("applications");
    if (applications == doc.end() || !applications->is_array())
        return FieldFault{"applications", applications == doc.end() ? fields::kMissing : fields::kNotList};
    for (std::size_t i = 0; i < applications->size(); ++i) {
        const json& entry = (*applications)[i];
        const std::string path = "applications[" + std::to_string(i) + "]";
        if (!entry.is_object())
            return FieldFault{path, fields::kNotObject};
        HolderApplication a;
        for (auto [key, out, required] :
             {std::tuple{"receiptNo", &a.receiptNo, true}, std::tuple{"status", &a.status, true},
              std::tuple{"statusText", &a.statusText, true}, std::tuple{"itemId", &a.itemId, false},
              std::tuple{"itemName", &a.itemName, false}, std::tuple{"department", &a.department, false},
              std::tuple{"submittedAt", &a.submittedAt, false},
              std::tuple{"completedAt", &a.completedAt, false}})
            if (auto fault = fields::readString(entry, key, *out, required, path + "."))
                return fault;
        list.applications.push_back(std::move(a));
    }
    return std::nullopt;
}

}  // namespace

std::string encodeHolderQuery(const HolderQuery& query) {
    return dumpJson(json{{"idNumber", query.idNumber}});
}

std::string encodeHolderApplications(const HolderApplications& list) {
    json applications = json::array();
    for (const HolderApplication& a : list.applications) {
        json entry = {{"receiptNo", a.receiptNo},    {"itemId", a.itemId}, {"itemName", a.itemName},
                      {"department", a.department},  {"status", a.status}, {"statusText", a.statusText},
                      {"submittedAt", a.submittedAt}};
        if (!a.completedAt.empty())
            entry["completedAt"] = a.completedAt;
        applications.push_back(std::move(entry));
    }
    return dumpJson(json{{"applications", applications}});
}

Decoding<HolderQuery> decodeHolderQuery(const json& body) {
    return fields::decodeObject<HolderQuery>(body, readHolderQuery);
}

Decoding<HolderApplications> decodeHolderApplications(std::string_view body) {
    return fields::decodeText<HolderApplications>(body, readHolderApplications);
}

}  // namespace yimen::api
