// Checks of a rating. Every part but the level is optional.
#include "platform/rating_request.h"

#include <algorithm>

#include "common/api/json_text.h"
#include "common/field_validation.h"
#include "platform/application_request.h"
#include "platform/digest.h"

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
    const std::optional<nlohmann::json> json = api::parseJsonObject(body);
    if (!json)
        return apiError::malformedJson();
    // The decoder reads receiptNo, level, tags, comment in that order and stops at the first fault: each is
    // judged in that order, its fault in its turn.
    const api::Decoding<api::NewRating> decoded = api::decodeNewRating(*json);
    const std::string fault = decoded.fault ? decoded.fault->field : std::string();
    RatingRequest request;
    NewRating& r = request.rating;
    r = decoded.value;

    if (fault == "receiptNo" || (!r.receiptNo.empty() && !isReceiptNo(r.receiptNo)))
        return ApiError{422, "invalid_receipt_no", "回执号格式不正确", "receiptNo"};

    if (fault == "level" || r.level < 1 || r.level > 5)
        return apiError::validationFailed("level", "请选择满意程度（1到5颗星）");

    // The count is judged before the tags themselves, also when one of them is not a string.
    const auto tags = json->find("tags");
    if (fault == "tags" || (tags != json->end() && tags->is_array() && tags->size() > kMaxRatingTags))
        return apiError::validationFailed("tags", "评价标签最多选" + std::to_string(kMaxRatingTags) + "个");
    const bool badTag = std::any_of(r.tags.begin(), r.tags.end(), [](const std::string& tag) {
        return tag.empty() || utf8Length(tag) > kMaxRatingTagLength;
    });
    if (badTag || fault.rfind("tags[", 0) == 0)
        return apiError::validationFailed("tags", "评价标签不正确，请重新选择");

    if (fault == "comment")
        return apiError::validationFailed("comment", "留言格式不正确，请重新填写");
    if (utf8Length(r.comment) > kMaxRatingCommentLength)
        return apiError::validationFailed("comment",
                                          "留言最多" + std::to_string(kMaxRatingCommentLength) + "个字");

    request.fingerprint = sha256Hex(api::dumpJson(*json));
    return request;
}

}  // namespace yimen::platform
