// Wiping personal data from memory: overwrite the bytes, then release them.
#pragma once

#include <map>
#include <string>

namespace yimen::kiosk {

// Overwrites the string's characters (the compiler may not elide it) and clears it.
void secureClear(std::string& s);
void secureClear(std::map<std::string, std::string>& m);

}  // namespace yimen::kiosk
