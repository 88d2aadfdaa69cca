// The ID-card reader interface: one implementation per transport, plus the simulated twin.
#pragma once

#include <optional>

#include "common/error.h"
#include "common/identity.h"

namespace yimen::drivers {

// Polled by a reader thread in the shell, never from the UI thread.
class IdCardReader {
public:
    virtual ~IdCardReader() = default;

    // Looks for a card and reads it. Returns nullopt when no card is on the reader.
    // Errors: device (reader fault or card taken away mid-read), timeout, invalidInput (bad reply).
    // Never blocks longer than about one second.
    [[nodiscard]] virtual Expected<std::optional<Identity>> readCard() = 0;
};

}  // namespace yimen::drivers
