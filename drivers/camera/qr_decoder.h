// QR decoding of a luma plane with ZXing-cpp (QR only).
#pragma once

#include <string>
#include <vector>

#include "common/error.h"
#include "drivers/camera/camera_frame.h"

namespace yimen::drivers::camera {

struct QrDecodeOptions {
    // Off for the live path: a frame that does not decode at once is followed by the next one within tens of
    // milliseconds. On for a single still picture.
    bool tryHarder = false;
    // At most this many symbols per frame.
    int maxSymbols = 4;
};

// Stateless apart from its options; safe to use from one thread at a time per object (any thread).
class QrDecoder {
public:
    explicit QrDecoder(QrDecodeOptions options = {});

    // The text of every valid QR symbol in the image (UTF-8), in ZXing's order; empty when there is none.
    // Errors: invalidInput (the image's size does not match its pixels), internal (ZXing threw).
    [[nodiscard]] Expected<std::vector<std::string>> decode(const GrayImage& image) const;

private:
    QrDecodeOptions options_;
};

}  // namespace yimen::drivers::camera
