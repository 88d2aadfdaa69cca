// qrModules: ZXing-cpp's QR encoder, fed the stored bytes one byte per character so that none is transcoded.
#include "drivers/sim/qr_symbol.h"

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <exception>
#include <string>

namespace yimen::drivers::sim {
namespace {

// MultiFormatWriter's error level runs 0..8; L, M, Q, H are 2, 4, 6, 8 on that scale.
int zxingEccLevel(protocol::QrEcc ecc) {
    switch (ecc) {
    case protocol::QrEcc::L: return 2;
    case protocol::QrEcc::M: return 4;
    case protocol::QrEcc::Q: return 6;
    case protocol::QrEcc::H: return 8;
    }
    return 2;
}

}  // namespace

Expected<protocol::MonoBitmap> qrModules(std::string_view data, protocol::QrEcc ecc) {
    if (data.empty()) {
        return fail(ErrorCode::invalidInput, "no QR data stored");
    }
    // Code points 0..255 with no character set chosen: ZXing writes them as ISO 8859-1 bytes without an ECI
    // header, i.e. exactly the stored bytes, as a printer does.
    std::wstring bytes;
    bytes.reserve(data.size());
    for (char c : data) {
        bytes.push_back(static_cast<wchar_t>(static_cast<unsigned char>(c)));
    }
    try {
        const ZXing::BitMatrix matrix = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode)
                                            .setEccLevel(zxingEccLevel(ecc))
                                            .setMargin(0)
                                            .encode(bytes, 0, 0);
        protocol::MonoBitmap modules(matrix.width(), matrix.height());
        for (int y = 0; y < matrix.height(); ++y) {
            for (int x = 0; x < matrix.width(); ++x) {
                if (matrix.get(x, y)) {
                    modules.setDot(x, y);
                }
            }
        }
        return modules;
    } catch (const std::exception& e) {
        return fail(ErrorCode::invalidInput,
                    "cannot encode " + std::to_string(data.size()) + " bytes as a QR code: " + e.what());
    }
}

}  // namespace yimen::drivers::sim
