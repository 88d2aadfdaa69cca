// The track journey (查询): from Home's 查询, or from a receipt's QR code held to the scanner on Home, to the
// application's timeline as the platform tells it.
#pragma once

#include "kiosk/core/machine.h"

namespace yimen::kiosk::core {

// The journey's screens, table and wipe. Built once; read-only afterwards.
const Journey& trackJourney();

// ---- finding a receipt, shared with the rate journey ----

// Opens the scan screen (the camera is wanted) with nothing of an earlier receipt, for `purpose`: the found
// application's timeline, or its rating.
void startFindingReceipt(Step& step, TrackPurpose purpose);
// The same for another receipt, keeping the purpose.
void findAnotherReceipt(Step& step);

}  // namespace yimen::kiosk::core
