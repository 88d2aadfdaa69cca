// The target of an HTTP request (path and query string) taken apart, as the API routes and reads it.
#pragma once

#include <string>
#include <string_view>

namespace yimen::platform {

// The path of `target` without its query string.
std::string pathOf(std::string_view target);

// The query string of `target` (after the first '?'), empty when there is none.
std::string_view queryOf(std::string_view target);

// `text` with %XX sequences decoded and '+' read as a space; a '%' not followed by two hex digits is kept as
// it is. The result may hold any byte, including NUL.
std::string percentDecode(std::string_view text);

// The decoded value of the first parameter named `name` in a query string ("a=1&b=2"); empty when absent.
// A parameter without '=' has the empty value.
std::string queryParameter(std::string_view query, std::string_view name);

}  // namespace yimen::platform
