// Wiping personal data from memory.
#include "kiosk/privacy.h"

namespace yimen::kiosk {

void secureClear(std::string& s) {
    volatile char* p = s.data();
    for (std::size_t i = 0; i < s.size(); ++i) p[i] = 0;
    s.clear();
    s.shrink_to_fit();
}

void secureClear(std::map<std::string, std::string>& m) {
    for (auto& [key, value] : m) secureClear(value);
    m.clear();
}

}  // namespace yimen::kiosk
