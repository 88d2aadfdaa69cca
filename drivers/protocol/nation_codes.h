// Code tables printed on ID cards: GB 3304-91 nations and GB/T 2261.1-2003 sex.
#pragma once

#include <optional>
#include <string_view>

namespace yimen::drivers::protocol {

// The nation's name without 族 ("汉", "蒙古", …) for a two-digit GB 3304 code 01–56, plus 97 其他 and
// 98 外国血统中国籍人士; nullopt for any other code.
std::optional<std::string_view> nationName(std::string_view code);

// GB/T 2261.1: "0" 未知的性别, "1" 男, "2" 女, "9" 未说明的性别; nullopt for any other code.
std::optional<std::string_view> sexName(std::string_view code);

}  // namespace yimen::drivers::protocol
