// Request bodies as JSON objects: parsed defensively, since they come from the network.
#pragma once

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace yimen::platform {

// Deepest nesting of arrays and objects a request body may have.
inline constexpr int kMaxJsonDepth = 16;

// The body parsed as a JSON object, or nothing when it is not valid UTF-8 JSON, not an object,
// or nested deeper than kMaxJsonDepth. Never throws.
std::optional<nlohmann::json> parseJsonObject(std::string_view body);

// A canonical text of `value` (keys sorted, no spaces): equal for bodies that mean the same.
std::string canonicalJson(const nlohmann::json& value);

}  // namespace yimen::platform
