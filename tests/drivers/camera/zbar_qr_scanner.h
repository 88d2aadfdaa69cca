// zbar as a QR decoder, for the QR benchmark's side-by-side figures only: never linked into the product.
// Kept in its own translation unit because ZXing's headers define macros that break zbar's C++ header.
#pragma once

#include <string>
#include <vector>

#include "drivers/camera/camera_frame.h"

namespace yimen::drivers::camera::test {

// One zbar image scanner with only QR enabled. Not thread-safe.
class ZbarQrScanner {
public:
    ZbarQrScanner();
    ~ZbarQrScanner();
    ZbarQrScanner(const ZbarQrScanner&) = delete;
    ZbarQrScanner& operator=(const ZbarQrScanner&) = delete;

    // The text of every QR symbol zbar finds in the image (Y800).
    std::vector<std::string> decode(const GrayImage& image);
    // "0.23" (what libzbar reports).
    static std::string version();

private:
    void* scanner_;
};

}  // namespace yimen::drivers::camera::test
