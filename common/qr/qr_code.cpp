// encodeQr: ZXing-cpp's QR writer; its exceptions stop here.
#include "common/qr/qr_code.h"

#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>

#include <exception>
#include <string>

#include "common/utf8.h"

namespace yimen {

Expected<QrModules> encodeQr(std::string_view text) {
    if (text.empty())
        return fail(ErrorCode::invalidInput, "nothing to encode as a QR code");
    std::wstring wide;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto c = decodeUtf8At(text, pos);
        if (!c)
            return fail(ErrorCode::invalidInput, "QR text is not valid UTF-8");
        wide.push_back(static_cast<wchar_t>(*c));
    }
    try {
        const ZXing::BitMatrix matrix = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode)
                                            .setEncoding(ZXing::CharacterSet::UTF8)
                                            .setEccLevel(4)
                                            .setMargin(0)
                                            .encode(wide, 0, 0);
        QrModules out;
        out.size = matrix.width();
        out.dark.reserve(static_cast<std::size_t>(out.size) * static_cast<std::size_t>(out.size));
        for (int y = 0; y < out.size; ++y)
            for (int x = 0; x < out.size; ++x) out.dark.push_back(matrix.get(x, y));
        return out;
    } catch (const std::exception& e) {
        return fail(ErrorCode::invalidInput, std::string("cannot encode as a QR code: ") + e.what());
    }
}

}  // namespace yimen
