// Depth is checked before parsing so that a hostile body cannot make the parser or the serializer recurse
// without bound.
#include "common/api/json_text.h"

#include <algorithm>

namespace yimen::api {
namespace {

// The deepest nesting of [ and { outside strings.
int nestingDepth(std::string_view text) {
    int depth = 0, deepest = 0;
    bool inString = false, escaped = false;
    for (char c : text) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"': inString = true; break;
        case '[':
        case '{': deepest = std::max(deepest, ++depth); break;
        case ']':
        case '}': --depth; break;
        default: break;
        }
    }
    return deepest;
}

}  // namespace

std::optional<nlohmann::json> parseJsonObject(std::string_view body) {
    if (nestingDepth(body) > kMaxJsonDepth)
        return std::nullopt;
    nlohmann::json value = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded() || !value.is_object())
        return std::nullopt;
    return value;
}

std::string dumpJson(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace yimen::api
