// The rate journey (评价): from Home's 评价, a receipt found as the track journey finds one, then five levels
// and, for 不满意 or below, the reasons; the rating is queued for the platform like an application.
#pragma once

#include "kiosk/core/machine.h"

namespace yimen::kiosk::core {

// The journey's screens, table and wipe. Built once; read-only afterwards.
const Journey& rateJourney();

// The application found (state.trackResult) is to be rated: asks the question.
void beginRating(Step& step);

}  // namespace yimen::kiosk::core
