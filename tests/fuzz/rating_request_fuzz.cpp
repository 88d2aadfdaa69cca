// libFuzzer target: the body of POST /api/v1/ratings on arbitrary bytes. Whatever is accepted must be a level
// 1..5 with bounded tags and comment; whatever is refused must be a 400 or 422 with a code and a message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

#include "common/field_validation.h"
#include "platform/rating_request.h"

using namespace yimen::platform;

namespace {

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    auto parsed = parseRatingRequest(body);
    if (const auto* problem = std::get_if<ApiError>(&parsed)) {
        check(problem->httpStatus == 400 || problem->httpStatus == 422);
        check(!problem->code.empty() && !problem->message.empty());
        return 0;
    }
    const RatingRequest& r = std::get<RatingRequest>(parsed);
    check(ratingLevelText(r.rating.level) != nullptr);
    check(r.rating.tags.size() <= kMaxRatingTags);
    for (const auto& tag : r.rating.tags)
        check(!tag.empty() && yimen::utf8Length(tag) <= kMaxRatingTagLength);
    check(yimen::utf8Length(r.rating.comment) <= kMaxRatingCommentLength);
    check(r.fingerprint.size() == 64);
    return 0;
}
