// Hex dumps shared by the SAM protocol and the scripted USB fake.
#include "drivers/protocol/hex_dump.h"

#include <algorithm>
#include <cstdio>

namespace yimen::drivers::protocol {

std::string hexDump(std::span<const std::uint8_t> bytes, std::size_t limit) {
    std::string out;
    const std::size_t shown = std::min(bytes.size(), limit);
    for (std::size_t i = 0; i < shown; ++i) {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%02x", bytes[i]);
        if (i != 0) {
            out += ' ';
        }
        out += buf;
    }
    if (shown < bytes.size()) {
        out += " … (" + std::to_string(bytes.size()) + " bytes)";
    }
    return out;
}

}  // namespace yimen::drivers::protocol
