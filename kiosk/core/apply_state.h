// The apply journey's own state: browsing the catalog, the application being made, and its receipt.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "common/field_validation.h"
#include "kiosk/core/receipt_info.h"

namespace yimen::kiosk {

struct ApplyState {
    // Catalog browsing
    std::string categoryId;  // "" = all categories
    std::string searchInitials;
    int page = 0;

    // The application being made. Personal data: answers, draft.
    std::string itemId;
    std::map<std::string, std::string> answers;
    std::size_t fieldIndex = 0;
    std::string draft;           // the current field's value being edited
    bool draftFromCard = false;  // the draft was pre-filled from the ID card: ask to confirm
    std::optional<FieldError> fieldError;
    bool returnToReview = false;
    std::string submitError;  // why the last submission did not go through
    std::int64_t submitStartedMs = 0;

    // After submission
    std::optional<ReceiptInfo> receipt;
    PrintState printState = PrintState::notStarted;
    std::string printMessage;
};

// Overwrites and clears the journey's personal data (answers, draft, receipt); keeps the browsing position.
void wipeApplyState(ApplyState& state);

}  // namespace yimen::kiosk
