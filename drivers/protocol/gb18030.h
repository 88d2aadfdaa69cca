// The text encodings a Chinese receipt printer speaks: GB18030 (Chinese mode) and PC437 (single-byte mode).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/error.h"

namespace yimen::drivers::protocol {

// UTF-8 -> GB18030 bytes. Every Unicode scalar value has a GB18030 form, so only bad input fails.
// Errors: invalidInput ("invalid UTF-8 at byte N") when `utf8` is not strict UTF-8. Pure; any thread.
[[nodiscard]] Expected<std::string> utf8ToGb18030(std::string_view utf8);

// GB18030 bytes -> UTF-8.
// Errors: invalidInput ("invalid GB18030 at byte N" / "truncated GB18030 character at byte N"), where N
// counts from `offsetBase` (the position of `gb18030` in a larger stream, for the parser's messages). Any
// thread.
[[nodiscard]] Expected<std::string> gb18030ToUtf8(std::string_view gb18030, std::size_t offsetBase = 0);

// PC437 (the printer's default single-byte code page) -> UTF-8. Every byte is defined, so this cannot fail
// except when the C library lacks the conversion (io).
[[nodiscard]] Expected<std::string> cp437ToUtf8(std::string_view cp437);

}  // namespace yimen::drivers::protocol
