// JSON text in and out of the API: bodies parsed defensively (they come from the network) and written the one
// way every answer and request is written.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace yimen::api {

// Deepest nesting of arrays and objects a body may have.
inline constexpr int kMaxJsonDepth = 16;

// The body parsed as a JSON object, or nothing when it is not valid UTF-8 JSON, not an object, or nested
// deeper than kMaxJsonDepth. Never throws.
std::optional<nlohmann::json> parseJsonObject(std::string_view body);

// The compact text of `value`, keys sorted, invalid UTF-8 replaced by U+FFFD: equal for values that mean the
// same, so it also serves as the canonical form of a body. Never throws.
std::string dumpJson(const nlohmann::json& value);

}  // namespace yimen::api
