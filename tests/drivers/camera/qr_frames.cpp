// QR scenes drawn with ZXing's writer, and their YUYV and MJPEG encodings.
#include "qr_frames.h"

#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>

#include <stdexcept>

#include "drivers/camera/jpeg_codec.h"

namespace yimen::drivers::camera::test {
namespace {

constexpr std::uint8_t kDark = 45;
constexpr std::uint8_t kLight = 205;

}  // namespace

GrayImage qrScene(const std::vector<QrPlacement>& codes, std::uint32_t width, std::uint32_t height,
                  std::uint32_t noiseSeed) {
    GrayImage image{width, height, std::vector<std::uint8_t>(std::size_t{width} * height)};
    std::uint32_t state = noiseSeed * 2654435761u + 1;
    for (std::uint32_t y = 0; y < height; ++y) {
        for (std::uint32_t x = 0; x < width; ++x) {
            state = state * 1664525u + 1013904223u;
            const int gradient = 90 + static_cast<int>(60 * x / width) + static_cast<int>(30 * y / height);
            const int noise = static_cast<int>(state >> 29) - 4;
            image.pixels[std::size_t{y} * width + x] = static_cast<std::uint8_t>(gradient + noise);
        }
    }
    for (const QrPlacement& code : codes) {
        const ZXing::BitMatrix bits = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode)
                                          .setEncoding(ZXing::CharacterSet::UTF8)
                                          .setMargin(4)
                                          .encode(code.text, code.side, code.side);
        for (int y = 0; y < bits.height(); ++y) {
            for (int x = 0; x < bits.width(); ++x) {
                const int px = code.left + x;
                const int py = code.top + y;
                if (px < 0 || py < 0 || px >= static_cast<int>(width) || py >= static_cast<int>(height)) {
                    continue;
                }
                image.pixels[static_cast<std::size_t>(py) * width + static_cast<std::size_t>(px)] =
                    bits.get(x, y) ? kDark : kLight;
            }
        }
    }
    return image;
}

GrayImage qrScene(const std::string& text) {
    return qrScene({QrPlacement{text}});
}

GrayImage blankScene(std::uint32_t width, std::uint32_t height) {
    return qrScene(std::vector<QrPlacement>{}, width, height);
}

std::vector<std::uint8_t> toYuyv(const GrayImage& image) {
    return grayToYuyv(image);
}

std::vector<std::uint8_t> toMjpeg(const GrayImage& image, int quality) {
    auto codec = JpegCodec::create();
    if (!codec) {
        throw std::runtime_error(codec.error().describe());
    }
    // Webcams send colour MJPEG; encode the grey scene as colour so the decoder's colour path is used.
    RgbImage rgb{image.width, image.height, {}};
    rgb.pixels.reserve(image.pixels.size() * 3);
    for (const std::uint8_t luma : image.pixels) {
        rgb.pixels.insert(rgb.pixels.end(), 3, luma);
    }
    auto jpeg = (*codec)->encodeRgb(rgb, quality);
    if (!jpeg) {
        throw std::runtime_error(jpeg.error().describe());
    }
    return *jpeg;
}

std::vector<std::uint8_t> withoutHuffmanTables(const std::vector<std::uint8_t>& jpeg) {
    std::vector<std::uint8_t> out(jpeg.begin(), jpeg.begin() + 2);  // SOI
    std::size_t at = 2;
    while (at + 4 <= jpeg.size() && jpeg[at] == 0xFF) {
        const std::uint8_t marker = jpeg[at + 1];
        if (marker == 0xDA) {  // start of scan: the rest is entropy-coded data
            break;
        }
        const std::size_t length = std::size_t{jpeg[at + 2]} << 8 | jpeg[at + 3];
        if (marker != 0xC4) {
            out.insert(out.end(), jpeg.begin() + static_cast<std::ptrdiff_t>(at),
                       jpeg.begin() + static_cast<std::ptrdiff_t>(at + 2 + length));
        }
        at += 2 + length;
    }
    out.insert(out.end(), jpeg.begin() + static_cast<std::ptrdiff_t>(at), jpeg.end());
    return out;
}

}  // namespace yimen::drivers::camera::test
