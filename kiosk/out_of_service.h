// What the screen shows when the kiosk cannot start (its database is damaged, the outbox key is missing):
// "out of service" in the window instead of a black screen or a restart loop, until a technician stops the
// program.
#pragma once

#include <string>

#include "kiosk/ui_options.h"

namespace yimen::kiosk {

// Opens the window and shows the out-of-service screen (texts::kOutOfService: the citizen is asked to come
// back later or to ask the staff) until options.stop is set (or, with options.allowWindowClose, the window is
// closed). Touches do nothing. `reason` is logged once at error level for the technician; the screen never
// shows it. Returns 1 (the kiosk did not run) after the stop, 3 when no display is available. The main
// thread.
int runOutOfService(const UiOptions& options, const std::string& reason);

}  // namespace yimen::kiosk
