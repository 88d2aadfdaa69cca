// The application codecs. Decoders read in the order their header states: callers rely on it.
#include "common/api/application.h"

#include <algorithm>

#include "common/api/json_fields.h"
#include "common/api/json_text.h"

namespace yimen::api {
namespace {

using nlohmann::json;

bool isApplicantKey(const std::string& key) {
    return std::find(kApplicantKeys.begin(), kApplicantKeys.end(), key) != kApplicantKeys.end();
}

// Reads an object of strings at `key` into `out`, members in key order; `keep` says which members are read.
std::optional<FieldFault> readStringMap(const json& object, const char* key, bool required,
                                        std::map<std::string, std::string>& out,
                                        bool (*keep)(const std::string&)) {
    const auto it = object.find(key);
    if (it == object.end() && !required)
        return std::nullopt;
    if (it == object.end())
        return FieldFault{key, fields::kMissing};
    if (!it->is_object())
        return FieldFault{key, fields::kNotObject};
    for (const auto& [name, value] : it->items()) {
        if (!keep(name))
            continue;
        if (!value.is_string())
            return FieldFault{std::string(key) + "." + name, fields::kNotString};
        out[name] = value.get<std::string>();
    }
    return std::nullopt;
}

std::optional<FieldFault> readNewApplication(const json& body, NewApplication& a) {
    if (fields::present(body, "catalogVersion")) {
        std::string version;
        if (auto fault = fields::readString(body, "catalogVersion", version, true))
            return fault;
        a.catalogVersion = std::move(version);
    }
    if (fields::present(body, "utcOffsetMinutes")) {
        int offset = 0;
        if (auto fault = fields::readInteger(body, "utcOffsetMinutes", offset, true))
            return fault;
        a.utcOffsetMinutes = offset;
    }
    for (auto [key, out] : {std::pair{"itemId", &a.itemId}, std::pair{"receiptNo", &a.receiptNo},
                            std::pair{"queryCode", &a.queryCode}, std::pair{"submittedAt", &a.submittedAt}})
        if (auto fault = fields::readString(body, key, *out, true))
            return fault;
    if (auto fault = readStringMap(body, "applicant", true, a.applicant, isApplicantKey))
        return fault;
    return readStringMap(body, "answers", false, a.answers, [](const std::string&) { return true; });
}

std::optional<FieldFault> readApplicationStatus(const json& doc, ApplicationStatus& s) {
    for (auto [key, out, required] :
         {std::tuple{"receiptNo", &s.receiptNo, true}, std::tuple{"status", &s.status, true},
          std::tuple{"statusText", &s.statusText, true}, std::tuple{"itemId", &s.itemId, false},
          std::tuple{"itemName", &s.itemName, false}, std::tuple{"department", &s.department, false}})
        if (auto fault = fields::readString(doc, key, *out, required))
            return fault;
    const auto timeline = doc.find("timeline");
    if (timeline == doc.end() || !timeline->is_array())
        return FieldFault{"timeline", timeline == doc.end() ? fields::kMissing : fields::kNotList};
    for (std::size_t i = 0; i < timeline->size(); ++i) {
        const json& step = (*timeline)[i];
        const std::string path = "timeline[" + std::to_string(i) + "]";
        if (!step.is_object())
            return FieldFault{path, fields::kNotObject};
        TimelineEntry entry;
        for (auto [key, out, required] :
             {std::tuple{"status", &entry.status, true}, std::tuple{"text", &entry.text, true},
              std::tuple{"at", &entry.at, true}, std::tuple{"note", &entry.note, false},
              std::tuple{"department", &entry.department, false},
              std::tuple{"nextStep", &entry.nextStep, false}})
            if (auto fault = fields::readString(step, key, *out, required, path + "."))
                return fault;
        s.timeline.push_back(std::move(entry));
    }
    if (fields::present(doc, "refusal")) {
        const json& r = doc["refusal"];
        if (!r.is_object())
            return FieldFault{"refusal", fields::kNotObject};
        Refusal refusal;
        for (auto [key, out] : {std::pair{"code", &refusal.code}, std::pair{"message", &refusal.message},
                                std::pair{"nextStep", &refusal.nextStep}})
            if (auto fault = fields::readString(r, key, *out, true, "refusal."))
                return fault;
        s.refusal = std::move(refusal);
    }
    if (auto fault = fields::readString(doc, "promisedBy", s.promisedBy, false))
        return fault;
    if (auto fault = fields::readString(doc, "ratedAt", s.ratedAt, false))
        return fault;
    return fields::readString(doc, "submittedAt", s.submittedAt, false);
}

std::optional<FieldFault> readApplicationCreated(const json& doc, ApplicationCreated& c) {
    if (auto fault = fields::readString(doc, "receiptNo", c.receiptNo, true))
        return fault;
    for (auto [key, out] : {std::pair{"idempotencyKey", &c.idempotencyKey},
                            std::pair{"applicationId", &c.applicationId}, std::pair{"status", &c.status},
                            std::pair{"statusText", &c.statusText}, std::pair{"createdAt", &c.createdAt}})
        if (auto fault = fields::readString(doc, key, *out, false))
            return fault;
    return std::nullopt;
}

}  // namespace

std::string encodeNewApplication(const NewApplication& a) {
    json j = {{"itemId", a.itemId},           {"receiptNo", a.receiptNo}, {"queryCode", a.queryCode},
              {"submittedAt", a.submittedAt}, {"applicant", a.applicant}, {"answers", a.answers}};
    if (a.catalogVersion)
        j["catalogVersion"] = *a.catalogVersion;
    if (a.utcOffsetMinutes)
        j["utcOffsetMinutes"] = *a.utcOffsetMinutes;
    return dumpJson(j);
}

std::string encodeApplicationCreated(const ApplicationCreated& c) {
    json j = {{"applicationId", c.applicationId},
              {"receiptNo", c.receiptNo},
              {"status", c.status},
              {"statusText", c.statusText},
              {"createdAt", c.createdAt}};
    if (!c.idempotencyKey.empty())
        j["idempotencyKey"] = c.idempotencyKey;
    return dumpJson(j);
}

std::string encodeApplicationStatus(const ApplicationStatus& s) {
    json timeline = json::array();
    for (const TimelineEntry& e : s.timeline) {
        json entry = {{"status", e.status}, {"text", e.text}, {"at", e.at}, {"note", e.note}};
        if (!e.department.empty())
            entry["department"] = e.department;
        if (!e.nextStep.empty())
            entry["nextStep"] = e.nextStep;
        timeline.push_back(std::move(entry));
    }
    json body = {{"receiptNo", s.receiptNo},     {"itemId", s.itemId},  {"itemName", s.itemName},
                 {"department", s.department},   {"status", s.status},  {"statusText", s.statusText},
                 {"submittedAt", s.submittedAt}, {"timeline", timeline}};
    if (!s.promisedBy.empty())
        body["promisedBy"] = s.promisedBy;
    if (!s.ratedAt.empty())
        body["ratedAt"] = s.ratedAt;
    if (s.refusal)
        body["refusal"] = {
            {"code", s.refusal->code}, {"message", s.refusal->message}, {"nextStep", s.refusal->nextStep}};
    return dumpJson(body);
}

Decoding<NewApplication> decodeNewApplication(const json& body) {
    return fields::decodeObject<NewApplication>(body, readNewApplication);
}

Decoding<NewApplication> decodeNewApplication(std::string_view body) {
    return fields::decodeText<NewApplication>(body, readNewApplication);
}

Decoding<ApplicationCreated> decodeApplicationCreated(std::string_view body) {
    return fields::decodeText<ApplicationCreated>(body, readApplicationCreated);
}

Decoding<ApplicationStatus> decodeApplicationStatus(std::string_view body) {
    return fields::decodeText<ApplicationStatus>(body, readApplicationStatus);
}

}  // namespace yimen::api
