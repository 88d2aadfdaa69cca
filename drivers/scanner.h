// The QR/barcode scanner interface: complete codes, one at a time.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "common/error.h"

namespace yimen::drivers {

// Read by a scanner thread in the shell.
class Scanner {
public:
    virtual ~Scanner() = default;

    // Waits up to `timeout` for one complete code. nullopt when none arrived.
    [[nodiscard]] virtual Expected<std::optional<std::string>> nextCode(std::chrono::milliseconds timeout) = 0;
};

}  // namespace yimen::drivers
