// Strict UTF-8 decoding and encoding: what the drivers, the screens and the platform accept as valid UTF-8.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace yimen {

// Decodes the code point starting at `pos` and advances `pos` past it. Returns nullopt (and leaves `pos`
// unchanged) for a truncated sequence, a stray continuation byte, an overlong form, a surrogate, or a value
// above U+10FFFF. Pure; any thread.
std::optional<char32_t> decodeUtf8At(std::string_view text, std::size_t& pos);

// The offset of the first byte that does not start a valid sequence, or nullopt when all of `text` is valid.
std::optional<std::size_t> firstInvalidUtf8(std::string_view text);

// Appends the UTF-8 form of `codePoint` (which must be a scalar value, not a surrogate).
void appendUtf8(std::string& out, char32_t codePoint);

}  // namespace yimen
