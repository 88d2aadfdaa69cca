// The top-level machine: Home, identification, the idle warning and the session wipe; it hands every other
// screen to the journey that owns it.
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/machine.h"

namespace yimen::kiosk::core {

// Every journey registered with the top level, in the order their tables are tried. A new journey is one
// more entry here.
const std::vector<const Journey*>& journeys();

// The top level's own table: events every screen shares (the clock, device health, Home, the idle warning)
// and the declared fate of every other event outside the journeys' rows.
const SessionTable& topLevelTable();

// Applies one event: the clock and the idle warning first, then the owning journey's table, then the top
// level's. Not thread-safe; pure.
void handle(Step& step, const Event& event);

// The session wipe, for rows that end a session (their destination is Home): stops the card reader if it
// runs, asks the executors to drop the citizen's data, clears it from the state, and applies a catalog
// that arrived meanwhile.
void endSession(Step& step, const std::string& reason, std::string notice = {});

// ---- identification, used by the journeys that need to know who the citizen is ----

// The Identify screen opens: starts the card reader, or says at once that it is out of order.
void startIdentification(Step& step);
// The citizen leaves the Identify screen without a card read.
void stopIdentification(Step& step);
// True when the card just read cannot identify the citizen (invalid data or expired).
bool cardRefused(const Step& step, const Identity& identity);
// Says why the card was refused; nothing of it is kept.
void refuseCard(Step& step, const Identity& identity);
// Keeps the identity of a card that is not refused and stops the reader.
void acceptCard(Step& step, const Identity& identity);
void cardReadFailed(Step& step, const ev::CardReadFailed& event);

// YYYYMMDD of the step's wall clock in the configured time zone.
std::string today(const Step& step);

}  // namespace yimen::kiosk::core
