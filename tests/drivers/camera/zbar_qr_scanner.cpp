// zbar's C API behind ZbarQrScanner: a Y800 image, QR only, symbols read back as text.
#include "zbar_qr_scanner.h"

#include <zbar.h>

namespace yimen::drivers::camera::test {

using namespace zbar;

ZbarQrScanner::ZbarQrScanner() {
    zbar_image_scanner_t* scanner = zbar_image_scanner_create();
    zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    scanner_ = scanner;
}

ZbarQrScanner::~ZbarQrScanner() {
    zbar_image_scanner_destroy(static_cast<zbar_image_scanner_t*>(scanner_));
}

std::vector<std::string> ZbarQrScanner::decode(const GrayImage& image) {
    zbar_image_t* zimage = zbar_image_create();
    zbar_image_set_format(zimage, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(zimage, image.width, image.height);
    zbar_image_set_data(zimage, image.pixels.data(), image.pixels.size(), nullptr);
    std::vector<std::string> texts;
    if (zbar_scan_image(static_cast<zbar_image_scanner_t*>(scanner_), zimage) > 0) {
        for (const zbar_symbol_t* symbol = zbar_image_first_symbol(zimage); symbol != nullptr;
             symbol = zbar_symbol_next(symbol)) {
            texts.emplace_back(zbar_symbol_get_data(symbol), zbar_symbol_get_data_length(symbol));
        }
    }
    zbar_image_destroy(zimage);
    return texts;
}

std::string ZbarQrScanner::version() {
    unsigned major = 0;
    unsigned minor = 0;
    unsigned patch = 0;
    zbar_version(&major, &minor, &patch);
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

}  // namespace yimen::drivers::camera::test
