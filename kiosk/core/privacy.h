// Wiping personal data from memory: overwrite the bytes, then release them.
#pragma once

#include <map>
#include <string>

#include "kiosk/core/effect.h"
#include "kiosk/core/event.h"

namespace yimen::kiosk {

// Overwrites the string's characters (the compiler may not elide it) and clears it.
void secureClear(std::string& s);
void secureClear(std::map<std::string, std::string>& m);

// Overwrites whatever personal data the event or effect carries (a card's identity, a typed answer, a
// commit's applicant and answers, a receipt's query code, a scanned code) and clears it; others are left as
// they are. For the shell, once an event was handled or an effect carried out.
void wipeCarried(Event& event);
void wipeCarried(Effect& effect);
void wipeCarried(ReceiptInfo& receipt);

}  // namespace yimen::kiosk
