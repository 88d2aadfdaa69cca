// QR codes as module matrices (the receipt's tracking code on screen, the result document's on paper),
// encoded with ZXing-cpp.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace yimen {

// The modules of a QR symbol, without quiet zone; true is dark.
struct QrModules {
    int size = 0;
    std::vector<bool> dark;  // size * size, row by row
    bool at(int x, int y) const {
        return dark[static_cast<std::size_t>(y) * static_cast<std::size_t>(size) +
                    static_cast<std::size_t>(x)];
    }
};

// Encodes `text` (UTF-8) at error-correction level M. Errors: invalidInput when empty or too long. Any
// thread.
[[nodiscard]] Expected<QrModules> encodeQr(std::string_view text);

}  // namespace yimen
