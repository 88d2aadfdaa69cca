// Checks of a rating. Every part but the level is optional.
#include "platform/rating_request.h"

#include "common/field_validation.h"
#include "platform/application_request.h"
#include "platform/digest.h"
#include "platform/json_body.h"

namespace yimen::platform {

const char* ratingLevelText(int level) {
    switch (level) {
    case 5: return "非常满意";
    case 4: return "满意";
    case 3: return "基本满意";
    case 2: return "不满意";
    case 1: return "非常不满意";
    default: return nullptr;
    }
}

std::variant<RatingRequest, ApiError> parseRatingRequest(std::string_view body) {
    const std::optional<nlohmann::json> json = parseJsonObject(body);
    if (!json)
        return ApiError::malformedJson();
    RatingRequest request;
    NewRating& r = request.rating;

    if (const auto it = json->find("receiptNo"); it != json->end() && !it->is_null()) {
        if (!it->is_string() || (!it->get<std::string>().empty() && !isReceiptNo(it->get<std::string>())))
            return ApiError{422, "invalid_receipt_no", "回执号格式不正确", "receiptNo"};
        r.receiptNo = it->get<std::string>();
    }

    const auto level = json->find("level");
    if (level == json->end() || !level->is_number_integer() || level->get<long long>() < 1 ||
        level->get<long long>() > 5)
        return ApiError::validationFailed("level", "请选择满意程度（1到5颗星）");
    r.level = static_cast<int>(level->get<long long>());

    if (const auto it = json->find("tags"); it != json->end() && !it->is_null()) {
        if (!it->is_array() || it->size() > kMaxRatingTags)
            return ApiError::validationFailed("tags",
                                              "评价标签最多选" + std::to_string(kMaxRatingTags) + "个");
        for (const auto& tag : *it) {
            if (!tag.is_string() || tag.get<std::string>().empty() ||
                utf8Length(tag.get<std::string>()) > kMaxRatingTagLength)
                return ApiError::validationFailed("tags", "评价标签不正确，请重新选择");
            r.tags.push_back(tag.get<std::string>());
        }
    }

    if (const auto it = json->find("comment"); it != json->end() && !it->is_null()) {
        if (!it->is_string())
            return ApiError::validationFailed("comment", "留言格式不正确，请重新填写");
        if (utf8Length(it->get<std::string>()) > kMaxRatingCommentLength)
            return ApiError::validationFailed("comment",
                                              "留言最多" + std::to_string(kMaxRatingCommentLength) + "个字");
        r.comment = it->get<std::string>();
    }

    request.fingerprint = sha256Hex(canonicalJson(*json));
    return request;
}

}  // namespace yimen::platform
