// The ESC/POS encoder. Command bytes follow reference/PROTOCOLS.md B.1 (Epson ESC/POS as the GB18030 clones
// use it).
#include "drivers/protocol/escpos.h"

#include <algorithm>
#include <string>

#include "drivers/protocol/gb18030.h"
#include "drivers/protocol/text_wrap.h"
#include "common/utf8.h"

namespace yimen::drivers::protocol {
namespace {

constexpr std::uint8_t ESC = 0x1B;
constexpr std::uint8_t GS = 0x1D;
constexpr std::uint8_t FS = 0x1C;
constexpr std::uint8_t LF = 0x0A;

std::uint8_t lowByte(int v) {
    return static_cast<std::uint8_t>(v & 0xFF);
}
std::uint8_t highByte(int v) {
    return static_cast<std::uint8_t>((v >> 8) & 0xFF);
}

const char* eccName(QrEcc ecc) {
    switch (ecc) {
    case QrEcc::L: return "L";
    case QrEcc::M: return "M";
    case QrEcc::Q: return "Q";
    case QrEcc::H: return "H";
    }
    return "?";
}

}  // namespace

EscPosWriter::EscPosWriter(PaperWidth paper) : paper_(paper) {}

bool EscPosWriter::beginCommand() {
    ++commandNumber_;
    return ok();
}

void EscPosWriter::recordError(const char* command, const std::string& message) {
    if (!error_) {
        error_ = Error{ErrorCode::invalidInput,
                       "ESC/POS call " + std::to_string(commandNumber_) + " (" + command + "): " + message};
    }
}

void EscPosWriter::put(std::initializer_list<std::uint8_t> bytes) {
    out_.insert(out_.end(), bytes);
}

EscPosWriter& EscPosWriter::init() {
    if (beginCommand()) {
        put({ESC, '@', FS, '&'});
        widthScale_ = 1;
        heightScale_ = 1;
    }
    return *this;
}

void EscPosWriter::appendText(std::string_view utf8, const char* command) {
    if (const auto bad = firstInvalidUtf8(utf8)) {
        recordError(command, "invalid UTF-8 at byte " + std::to_string(*bad));
        return;
    }
    // C0 and C1 controls alike: a printer may act on either.
    for (std::size_t pos = 0; pos < utf8.size();) {
        const std::size_t at = pos;
        const char32_t cp = decodeUtf8At(utf8, pos).value_or(0);
        if ((cp < 0x20 && cp != U'\n') || (cp >= 0x7F && cp < 0xA0)) {
            recordError(command, "control character at byte " + std::to_string(at));
            return;
        }
    }
    std::size_t start = 0;
    while (true) {
        const std::size_t newline = utf8.find('\n', start);
        const std::string_view segment =
            utf8.substr(start, newline == std::string_view::npos ? std::string_view::npos : newline - start);
        auto encoded = utf8ToGb18030(segment);
        if (!encoded) {
            recordError(command, encoded.error().message);
            return;
        }
        out_.insert(out_.end(), encoded->begin(), encoded->end());
        if (newline == std::string_view::npos) {
            return;
        }
        out_.push_back(LF);
        start = newline + 1;
    }
}

EscPosWriter& EscPosWriter::text(std::string_view utf8) {
    if (beginCommand()) {
        appendText(utf8, "text");
    }
    return *this;
}

EscPosWriter& EscPosWriter::line(std::string_view utf8) {
    if (beginCommand()) {
        appendText(utf8, "line");
        if (ok()) {
            out_.push_back(LF);
        }
    }
    return *this;
}

EscPosWriter& EscPosWriter::paragraph(std::string_view utf8) {
    if (!beginCommand()) {
        return *this;
    }
    auto lines = wrapText(utf8, columns());
    if (!lines) {
        recordError("paragraph", lines.error().message);
        return *this;
    }
    for (const std::string& l : *lines) {
        appendText(l, "paragraph");
        if (!ok()) {
            break;
        }
        out_.push_back(LF);
    }
    return *this;
}

EscPosWriter& EscPosWriter::newline() {
    if (beginCommand()) {
        out_.push_back(LF);
    }
    return *this;
}

EscPosWriter& EscPosWriter::feed(int lines) {
    if (!beginCommand()) {
        return *this;
    }
    if (lines < 0 || lines > 255) {
        recordError("feed", std::to_string(lines) + " lines is outside 0..255");
        return *this;
    }
    put({ESC, 'd', static_cast<std::uint8_t>(lines)});
    return *this;
}

EscPosWriter& EscPosWriter::bold(bool on) {
    if (beginCommand()) {
        put({ESC, 'E', static_cast<std::uint8_t>(on ? 1 : 0)});
    }
    return *this;
}

EscPosWriter& EscPosWriter::align(Align alignment) {
    if (beginCommand()) {
        put({ESC, 'a', static_cast<std::uint8_t>(alignment)});
    }
    return *this;
}

EscPosWriter& EscPosWriter::size(int width, int height) {
    if (!beginCommand()) {
        return *this;
    }
    if (width < 1 || width > kMaxCharacterScale || height < 1 || height > kMaxCharacterScale) {
        recordError("size", std::to_string(width) + "x" + std::to_string(height) + " is outside 1..8");
        return *this;
    }
    put({GS, '!', static_cast<std::uint8_t>(((width - 1) << 4) | (height - 1))});
    widthScale_ = width;
    heightScale_ = height;
    return *this;
}

EscPosWriter& EscPosWriter::separator(char ch) {
    if (!beginCommand()) {
        return *this;
    }
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c > 0x7E) {
        recordError("separator", "the rule character must be printable ASCII");
        return *this;
    }
    out_.insert(out_.end(), static_cast<std::size_t>(columns()), c);
    out_.push_back(LF);
    return *this;
}

EscPosWriter& EscPosWriter::qrCode(std::string_view data, int moduleSize, QrEcc ecc) {
    if (!beginCommand()) {
        return *this;
    }
    if (data.empty()) {
        recordError("qrCode", "no data to encode");
        return *this;
    }
    if (moduleSize < kQrMinModuleSize || moduleSize > kQrMaxModuleSize) {
        recordError("qrCode", "module size " + std::to_string(moduleSize) + " is outside 1..16 dots");
        return *this;
    }
    const int capacity = std::min(kQrMaxStoredBytes, qrByteCapacity(ecc));
    if (data.size() > static_cast<std::size_t>(capacity)) {
        recordError("qrCode", std::to_string(data.size()) + " bytes exceed the " + std::to_string(capacity) +
                                  "-byte capacity of a QR code at level " + eccName(ecc));
        return *this;
    }
    put({GS, '(', 'k', 4, 0, '1', 'A', '2', 0});
    put({GS, '(', 'k', 3, 0, '1', 'C', static_cast<std::uint8_t>(moduleSize)});
    put({GS, '(', 'k', 3, 0, '1', 'E', static_cast<std::uint8_t>(ecc)});
    const int p = static_cast<int>(data.size()) + 3;
    put({GS, '(', 'k', lowByte(p), highByte(p), '1', 'P', '0'});
    out_.insert(out_.end(), data.begin(), data.end());
    put({GS, '(', 'k', 3, 0, '1', 'Q', '0'});
    return *this;
}

EscPosWriter& EscPosWriter::image(const MonoBitmap& bitmap) {
    if (!beginCommand()) {
        return *this;
    }
    if (bitmap.width <= 0 || bitmap.height <= 0) {
        recordError("image", "the image is empty");
        return *this;
    }
    if (bitmap.width > dotsOf(paper_)) {
        recordError("image", "the image is " + std::to_string(bitmap.width) + " dots wide, the paper " +
                                 std::to_string(dotsOf(paper_)));
        return *this;
    }
    const int stride = bitmap.stride();
    if (bitmap.bits.size() != static_cast<std::size_t>(stride) * static_cast<std::size_t>(bitmap.height)) {
        recordError("image", "the bitmap holds " + std::to_string(bitmap.bits.size()) + " bytes, not " +
                                 std::to_string(stride * bitmap.height));
        return *this;
    }
    for (int top = 0; top < bitmap.height; top += kRasterBandRows) {
        const int rows = std::min(kRasterBandRows, bitmap.height - top);
        put({GS, 'v', '0', 0, lowByte(stride), highByte(stride), lowByte(rows), highByte(rows)});
        const auto first = bitmap.bits.begin() + static_cast<std::ptrdiff_t>(top) * stride;
        out_.insert(out_.end(), first, first + static_cast<std::ptrdiff_t>(rows) * stride);
    }
    return *this;
}

EscPosWriter& EscPosWriter::cut(CutMode mode, int feedDots) {
    if (!beginCommand()) {
        return *this;
    }
    if (feedDots < 0 || feedDots > 255) {
        recordError("cut", "feed of " + std::to_string(feedDots) + " dots is outside 0..255");
        return *this;
    }
    put({GS, 'V', static_cast<std::uint8_t>(mode == CutMode::full ? 65 : 66),
         static_cast<std::uint8_t>(feedDots)});
    return *this;
}

Expected<std::vector<std::uint8_t>> EscPosWriter::bytes() const {
    if (error_) {
        return *error_;
    }
    return out_;
}

Expected<std::vector<std::uint8_t>> EscPosWriter::finish() {
    std::optional<Error> error = std::move(error_);
    std::vector<std::uint8_t> out = std::move(out_);
    out_.clear();
    error_.reset();
    commandNumber_ = 0;
    widthScale_ = 1;
    heightScale_ = 1;
    if (error) {
        return std::move(*error);
    }
    return out;
}

}  // namespace yimen::drivers::protocol
