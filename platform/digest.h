// SHA-256 digests in lower-case hex: catalog versions and idempotency fingerprints.
#pragma once

#include <string>
#include <string_view>

namespace yimen::platform {

// The SHA-256 of `data` as 64 lower-case hex digits. Thread-safe; never fails.
std::string sha256Hex(std::string_view data);

}  // namespace yimen::platform
