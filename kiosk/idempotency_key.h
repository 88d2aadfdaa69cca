// Idempotency keys for the platform's writes: random UUIDs (version 4).
#pragma once

#include <string>

namespace yimen::kiosk {

// 36 characters, e.g. "3f2b8c1e-9a4d-4f6b-8e2a-1c5d7e9f0a3b". Uses the OS random source.
std::string newIdempotencyKey();

}  // namespace yimen::kiosk
