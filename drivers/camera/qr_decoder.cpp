// ZXing-cpp behind QrDecoder: QR-only hints, exceptions stopped here.
#include "drivers/camera/qr_decoder.h"

#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <climits>
#include <exception>

namespace yimen::drivers::camera {

QrDecoder::QrDecoder(QrDecodeOptions options) : options_(options) {}

Expected<std::vector<std::string>> QrDecoder::decode(const GrayImage& image) const {
    if (image.width == 0 || image.height == 0 || image.width > INT_MAX || image.height > INT_MAX ||
        image.pixels.size() != std::size_t{image.width} * image.height) {
        return fail(ErrorCode::invalidInput, "grey image with " + std::to_string(image.pixels.size()) +
                                                 " bytes for " + std::to_string(image.width) + "x" +
                                                 std::to_string(image.height) + " pixels");
    }
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    hints.setTryHarder(options_.tryHarder);
    hints.setTryRotate(options_.tryHarder);
    hints.setMaxNumberOfSymbols(static_cast<std::uint8_t>(std::clamp(options_.maxSymbols, 1, 255)));
    try {
        const ZXing::ImageView view(image.pixels.data(), static_cast<int>(image.width),
                                    static_cast<int>(image.height), ZXing::ImageFormat::Lum);
        std::vector<std::string> texts;
        for (const ZXing::Result& result : ZXing::ReadBarcodes(view, hints)) {
            if (result.isValid()) {
                texts.push_back(result.text());
            }
        }
        return texts;
    } catch (const std::exception& e) {
        return fail(ErrorCode::internal, std::string("QR decoder failed: ") + e.what());
    }
}

}  // namespace yimen::drivers::camera
