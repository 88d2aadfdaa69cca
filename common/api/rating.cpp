// The rating codecs. Decoders read in the order their header states: callers rely on it.
#include "common/api/rating.h"

#include "common/api/json_fields.h"
#include "common/api/json_text.h"

namespace yimen::api {
namespace {

using nlohmann::json;

std::optional<FieldFault> readNewRating(const json& body, NewRating& r) {
    if (auto fault = fields::readString(body, "receiptNo", r.receiptNo, false))
        return fault;
    if (auto fault = fields::readInteger(body, "level", r.level, true))
        return fault;
    if (fields::present(body, "tags")) {
        const json& tags = body.at("tags");
        if (!tags.is_array())
            return FieldFault{"tags", fields::kNotList};
        for (std::size_t i = 0; i < tags.size(); ++i) {
            if (!tags[i].is_string())
                return FieldFault{"tags[" + std::to_string(i) + "]", fields::kNotString};
            r.tags.push_back(tags[i].get<std::string>());
        }
    }
    return fields::readString(body, "comment", r.comment, false);
}

std::optional<FieldFault> readRatingCreated(const json& doc, RatingCreated& c) {
    if (auto fault = fields::readString(doc, "ratingId", c.ratingId, true))
        return fault;
    if (auto fault = fields::readString(doc, "idempotencyKey", c.idempotencyKey, false))
        return fault;
    return fields::readInteger(doc, "level", c.level, false);
}

}  // namespace

std::string encodeNewRating(const NewRating& r) {
    json j = {{"level", r.level}, {"tags", r.tags}};
    if (!r.receiptNo.empty())
        j["receiptNo"] = r.receiptNo;
    if (!r.comment.empty())
        j["comment"] = r.comment;
    return dumpJson(j);
}

std::string encodeRatingCreated(const RatingCreated& c) {
    json j = {{"ratingId", c.ratingId}, {"level", c.level}};
    if (!c.idempotencyKey.empty())
        j["idempotencyKey"] = c.idempotencyKey;
    return dumpJson(j);
}

Decoding<NewRating> decodeNewRating(const json& body) {
    return fields::decodeObject<NewRating>(body, readNewRating);
}

Decoding<NewRating> decodeNewRating(std::string_view body) {
    return fields::decodeText<NewRating>(body, readNewRating);
}

Decoding<RatingCreated> decodeRatingCreated(std::string_view body) {
    return fields::decodeText<RatingCreated>(body, readRatingCreated);
}

}  // namespace yimen::api
