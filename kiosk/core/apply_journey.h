// The apply journey: from Home's 办事 through the catalog, the item, identification, the form and the review
// to the receipt and the rating.
#pragma once

#include "kiosk/core/machine.h"

namespace yimen::kiosk::core {

// The journey's screens, table and wipe. Built once; read-only afterwards.
const Journey& applyJourney();

}  // namespace yimen::kiosk::core
