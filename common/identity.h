// What an ID card tells us about its holder. Personal data: lives in memory for one session only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace yimen {

enum class CardKind { resident, foreignerPermanent2017, foreignerPermanent2023, hkMacauTaiwanPermit };

struct Identity {
    CardKind kind = CardKind::resident;
    std::string name;       // UTF-8
    std::string sex;        // 男 / 女 / 未知
    std::string nation;     // 汉, 壮, ... (resident cards)
    std::string birthDate;  // YYYY-MM-DD
    std::string address;
    std::string idNumber;  // 18 characters
    std::string issuer;
    std::string validFrom;               // YYYY-MM-DD
    std::string validTo;                 // YYYY-MM-DD or 长期
    std::vector<std::uint8_t> photoWlt;  // opaque WLT bytes, never decoded here

    // Overwrites every field's bytes before clearing, so no copy of the data lingers in this object.
    void wipe();
};

}  // namespace yimen
