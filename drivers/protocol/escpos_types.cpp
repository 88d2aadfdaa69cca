// MonoBitmap: the GS v 0 bit layout (MSB leftmost) behind a dot-addressed interface.
#include "drivers/protocol/escpos_types.h"

#include <cstddef>

namespace yimen::drivers::protocol {

MonoBitmap::MonoBitmap(int w, int h) {
    if (w > 0 && h > 0) {
        width = w;
        height = h;
        bits.assign(static_cast<std::size_t>(stride()) * static_cast<std::size_t>(h), 0);
    }
}

bool MonoBitmap::dot(int x, int y) const {
    if (x < 0 || y < 0 || x >= width || y >= height) {
        return false;
    }
    const std::size_t index =
        static_cast<std::size_t>(y) * static_cast<std::size_t>(stride()) + static_cast<std::size_t>(x / 8);
    return index < bits.size() && (bits[index] & (0x80u >> (x % 8))) != 0;
}

void MonoBitmap::setDot(int x, int y, bool black) {
    if (x < 0 || y < 0 || x >= width || y >= height) {
        return;
    }
    const std::size_t index =
        static_cast<std::size_t>(y) * static_cast<std::size_t>(stride()) + static_cast<std::size_t>(x / 8);
    if (index >= bits.size()) {
        return;
    }
    const auto mask = static_cast<std::uint8_t>(0x80u >> (x % 8));
    if (black) {
        bits[index] |= mask;
    } else {
        bits[index] &= static_cast<std::uint8_t>(~mask);
    }
}

}  // namespace yimen::drivers::protocol
