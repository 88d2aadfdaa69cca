// The track journey (查询): from Home's 查询, or from a receipt's QR code held to the scanner on Home, to the
// application's timeline as the platform tells it.
#pragma once

#include "kiosk/core/machine.h"

namespace yimen::kiosk::core {

// The journey's screens, table and wipe. Built once; read-only afterwards.
const Journey& trackJourney();

}  // namespace yimen::kiosk::core
