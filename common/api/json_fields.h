// Readers of typed members of a JSON object, for the API's decoders: each returns the fault it finds.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/api/decoding.h"
#include "common/api/json_text.h"

namespace yimen::api::fields {

inline constexpr const char* kMissing = "is missing";
inline constexpr const char* kNotString = "is not a string";
inline constexpr const char* kNotInteger = "is not an integer";
inline constexpr const char* kNotObject = "is not an object";
inline constexpr const char* kNotList = "is not a list";
inline constexpr const char* kNotJsonObject = "is not a JSON object";

// Whether `object` has `key` with a value other than null: the contract reads a null member as an absent one.
inline bool present(const nlohmann::json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && !it->is_null();
}

// Reads the string at `key` into `out`. Absent (or null): a fault when `required`, else `out` is untouched.
inline std::optional<FieldFault> readString(const nlohmann::json& object, const char* key, std::string& out,
                                            bool required, const std::string& path = {}) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        if (required)
            return FieldFault{path + key, kMissing};
        return std::nullopt;
    }
    if (!it->is_string())
        return FieldFault{path + key, kNotString};
    out = it->get<std::string>();
    return std::nullopt;
}

// Reads the integer at `key` into `out`, which must hold it. Absent (or null): as readString.
template <typename Int>
std::optional<FieldFault> readInteger(const nlohmann::json& object, const char* key, Int& out, bool required,
                                      const std::string& path = {}) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        if (required)
            return FieldFault{path + key, kMissing};
        return std::nullopt;
    }
    if (it->is_number_unsigned()) {
        if (it->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<Int>::max()))
            return FieldFault{path + key, kNotInteger};
        out = static_cast<Int>(it->get<std::uint64_t>());
        return std::nullopt;
    }
    if (!it->is_number_integer())
        return FieldFault{path + key, kNotInteger};
    const std::int64_t value = it->get<std::int64_t>();
    if (value < static_cast<std::int64_t>(std::numeric_limits<Int>::min()) ||
        value > static_cast<std::int64_t>(std::numeric_limits<Int>::max()))
        return FieldFault{path + key, kNotInteger};
    out = static_cast<Int>(value);
    return std::nullopt;
}

// Reads `object` with `read(json, T&) -> optional<FieldFault>`.
template <typename T, typename Read>
Decoding<T> decodeObject(const nlohmann::json& object, Read read) {
    Decoding<T> decoding;
    decoding.fault = read(object, decoding.value);
    return decoding;
}

// Parses `body` (api::parseJsonObject) and reads it as decodeObject does; the body itself is at fault when it
// is not a JSON object.
template <typename T, typename Read>
Decoding<T> decodeText(std::string_view body, Read read) {
    const std::optional<nlohmann::json> doc = parseJsonObject(body);
    if (!doc)
        return {T{}, FieldFault{{}, kNotJsonObject}};
    return decodeObject<T>(*doc, read);
}

}  // namespace yimen::api::fields
