// Receipt text width and line wrapping, in printer columns: so no receipt line ever overflows the paper.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace yimen::drivers::protocol {

// Columns a character takes at size 1: a printable ASCII character is one 12-dot column; every other
// character is printed from the 24-dot GB font in Chinese mode and takes two.
int columnsOf(char32_t codePoint);

// Sum of columnsOf over `utf8`. Errors: invalidInput for invalid UTF-8 or a control character.
[[nodiscard]] Expected<int> textColumns(std::string_view utf8);

// Breaks `utf8` into lines of at most `columns` columns. '\n' is a hard break (so "a\n" gives "a" and "").
// Lines break at spaces and between CJK characters; an ASCII word is split only when it is longer than a
// whole line. Closing punctuation (，。、）》 …) never starts a line and opening punctuation (（《「 …) never
// ends one, except when a line would otherwise overflow. Spaces at a wrap point are dropped. Errors:
// invalidInput for invalid UTF-8, a control character other than '\n', or columns < 2. Pure; any thread.
[[nodiscard]] Expected<std::vector<std::string>> wrapText(std::string_view utf8, int columns);

}  // namespace yimen::drivers::protocol
