// The ESC/POS parser: a bounded, single-pass reader of the command set in reference/PROTOCOLS.md B.1, with
// the lengths of the common Epson commands it does not render so that it can step over them.
#include "drivers/protocol/escpos_parser.h"

#include <cstdio>
#include <optional>

#include "drivers/protocol/gb18030.h"

namespace yimen::drivers::protocol {
namespace {

constexpr std::uint8_t DLE = 0x10;
constexpr std::uint8_t ESC = 0x1B;
constexpr std::uint8_t FS = 0x1C;
constexpr std::uint8_t GS = 0x1D;

constexpr int kDefaultQrModuleSize = 3;

std::string hexByte(std::uint8_t b) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned>(b));
    return buf;
}

std::string commandName(std::uint8_t prefix, std::uint8_t code) {
    std::string name = prefix == ESC ? "ESC" : prefix == GS ? "GS" : prefix == FS ? "FS" : "DLE";
    name += ' ';
    if (prefix == DLE && (code == 0x04 || code == 0x05 || code == 0x14)) {
        name += code == 0x04 ? "EOT" : code == 0x05 ? "ENQ" : "DC4";
    } else if (code > 0x20 && code < 0x7F) {
        name += static_cast<char>(code);
    } else {
        name += hexByte(code);
    }
    return name;
}

// Commands that are skipped without interpretation: the prefix, the code, and how many parameter bytes
// follow.
struct FixedLength {
    std::uint8_t prefix;
    std::uint8_t code;
    std::uint8_t params;
};

constexpr FixedLength kFixedLength[] = {
    {ESC, 0x0C, 0}, {ESC, ' ', 1}, {ESC, '$', 2}, {ESC, '%', 1},  {ESC, '-', 1},  {ESC, '<', 0},
    {ESC, '=', 1},  {ESC, '?', 1}, {ESC, 'B', 2}, {ESC, 'G', 1},  {ESC, 'L', 0},  {ESC, 'M', 1},
    {ESC, 'R', 1},  {ESC, 'S', 0}, {ESC, 'T', 1}, {ESC, 'U', 1},  {ESC, 'V', 1},  {ESC, 'W', 8},
    {ESC, '\\', 2}, {ESC, 'c', 2}, {ESC, 'e', 1}, {ESC, 'p', 3},  {ESC, 'r', 1},  {ESC, 't', 1},
    {ESC, 'u', 1},  {ESC, 'v', 0}, {ESC, '{', 1}, {GS, '$', 2},   {GS, '/', 1},   {GS, ':', 0},
    {GS, 'B', 1},   {GS, 'E', 1},  {GS, 'H', 1},  {GS, 'I', 1},   {GS, 'L', 2},   {GS, 'P', 2},
    {GS, 'T', 1},   {GS, 'W', 2},  {GS, '\\', 2}, {GS, '^', 3},   {GS, 'a', 1},   {GS, 'b', 1},
    {GS, 'f', 1},   {GS, 'g', 4},  {GS, 'h', 1},  {GS, 'j', 1},   {GS, 'r', 1},   {GS, 'w', 1},
    {GS, 'z', 2},   {FS, '!', 1},  {FS, '-', 1},  {FS, '2', 74},  {FS, '?', 2},   {FS, 'C', 1},
    {FS, 'S', 2},   {FS, 'W', 1},  {FS, 'p', 2},  {DLE, 0x04, 1}, {DLE, 0x05, 1},
};

std::optional<int> fixedParams(std::uint8_t prefix, std::uint8_t code) {
    for (const FixedLength& f : kFixedLength) {
        if (f.prefix == prefix && f.code == code) {
            return f.params;
        }
    }
    return std::nullopt;
}

std::optional<Align> alignFrom(std::uint8_t n) {
    switch (n) {
    case 0:
    case 48: return Align::left;
    case 1:
    case 49: return Align::center;
    case 2:
    case 50: return Align::right;
    default: return std::nullopt;
    }
}

class Parser {
public:
    explicit Parser(std::span<const std::uint8_t> in) : in_(in) {}

    Expected<std::vector<Operation>> run() {
        while (pos_ < in_.size()) {
            start_ = pos_;
            if (Status s = step(); !s) {
                return s.error();
            }
        }
        return std::move(ops_);
    }

private:
    std::size_t remaining() const { return in_.size() - pos_; }
    std::uint8_t at(std::size_t i) const { return in_[pos_ + i]; }

    Unexpected truncated(const std::string& name) const {
        return fail(ErrorCode::invalidInput, "truncated " + name + " at byte " + std::to_string(start_));
    }
    Unexpected malformed(const std::string& name, const std::string& why) const {
        return fail(ErrorCode::invalidInput, name + " at byte " + std::to_string(start_) + ": " + why);
    }

    void emit(Command command) { ops_.push_back(Operation{start_, pos_ - start_, std::move(command)}); }
    void ignore(std::size_t length, std::string name) {
        pos_ += length;
        emit(Ignored{std::move(name)});
    }

    Status step() {
        const std::uint8_t b = at(0);
        if (b >= 0x20 && b != 0x7F) {
            return textRun();
        }
        switch (b) {
        case 0x0A:
            ++pos_;
            emit(LineFeed{});
            return {};
        case ESC: return escCommand();
        case GS: return gsCommand();
        case FS: return fsCommand();
        case DLE: return dleCommand();
        default:
            // HT, CR, FF, CAN and the unassigned control bytes: one byte each, nothing to print.
            ignore(1, "control " + hexByte(b));
            return {};
        }
    }

    Status textRun() {
        std::size_t end = pos_;
        while (end < in_.size() && in_[end] >= 0x20 && in_[end] != 0x7F) {
            ++end;
        }
        const std::string_view raw(reinterpret_cast<const char*>(in_.data()) + pos_, end - pos_);
        auto utf8 = style_.chineseMode ? gb18030ToUtf8(raw, pos_) : cp437ToUtf8(raw);
        if (!utf8) {
            return utf8.error();
        }
        pos_ = end;
        emit(TextRun{std::move(*utf8), style_});
        return {};
    }

    // ESC, GS and FS commands all need at least their code byte.
    Status escCommand() {
        if (remaining() < 2) {
            return truncated("ESC");
        }
        const std::uint8_t code = at(1);
        const std::string name = commandName(ESC, code);
        switch (code) {
        case '@':
            pos_ += 2;
            resetModes();
            emit(Initialize{});
            return {};
        case '2':
            pos_ += 2;
            emit(LineSpacing{kDefaultLineSpacing});
            return {};
        case 'i':
        case 'm':
            pos_ += 2;
            emit(Cut{CutMode::partial, false, 0});
            return {};
        case '!':
        case '3':
        case 'E':
        case 'J':
        case 'a':
        case 'd': return escWithOneParam(code, name);
        case '*': return escBitImage(name);
        case 'D': return escTabPositions(name);
        case '&': return escUserCharacters(name);
        case '(': return lengthPrefixed(name);
        default: return fixedOrUnknown(ESC, code, name);
        }
    }

    Status escWithOneParam(std::uint8_t code, const std::string& name) {
        if (remaining() < 3) {
            return truncated(name);
        }
        const std::uint8_t n = at(2);
        pos_ += 3;
        switch (code) {
        case '!':
            style_.bold = (n & 0x08) != 0;
            style_.heightScale = (n & 0x10) != 0 ? 2 : 1;
            style_.widthScale = (n & 0x20) != 0 ? 2 : 1;
            emit(ModeSet{name});
            return {};
        case '3': emit(LineSpacing{n}); return {};
        case 'E':
            style_.bold = (n & 1) != 0;
            emit(ModeSet{name});
            return {};
        case 'J': emit(FeedDots{n}); return {};
        case 'a':
            if (const auto a = alignFrom(n)) {
                style_.align = *a;
                emit(ModeSet{name});
            } else {
                emit(Ignored{name + " " + hexByte(n)});
            }
            return {};
        default: emit(FeedLines{n}); return {};
        }
    }

    // ESC * m nL nH d...: 8-dot (m 0/1) or 24-dot (m 32/33) bit-image columns.
    Status escBitImage(const std::string& name) {
        if (remaining() < 5) {
            return truncated(name);
        }
        const std::uint8_t m = at(2);
        const std::size_t columns = at(3) + 256u * at(4);
        std::size_t bytesPerColumn = 0;
        if (m == 0 || m == 1) {
            bytesPerColumn = 1;
        } else if (m == 32 || m == 33) {
            bytesPerColumn = 3;
        } else {
            return malformed(name, "unknown bit-image mode " + hexByte(m));
        }
        const std::size_t total = 5 + columns * bytesPerColumn;
        if (remaining() < total) {
            return truncated(name);
        }
        ignore(total, name);
        return {};
    }

    // ESC D n1 ... nk NUL: at most 32 tab positions.
    Status escTabPositions(const std::string& name) {
        constexpr std::size_t kMaxTabs = 32;
        for (std::size_t i = 2; i < 2 + kMaxTabs + 1; ++i) {
            if (i >= remaining()) {
                return truncated(name);
            }
            if (at(i) == 0) {
                ignore(i + 1, name);
                return {};
            }
        }
        return malformed(name, "more than 32 tab positions");
    }

    // ESC & y c1 c2 [x d1 ... d(y*x)] for each character c1..c2.
    Status escUserCharacters(const std::string& name) {
        if (remaining() < 5) {
            return truncated(name);
        }
        const std::uint8_t y = at(2);
        const std::uint8_t c1 = at(3);
        const std::uint8_t c2 = at(4);
        if (y < 1 || y > 3 || c1 < 32 || c2 > 126 || c1 > c2) {
            return malformed(name, "parameters out of range");
        }
        std::size_t length = 5;
        for (int c = c1; c <= c2; ++c) {
            if (remaining() < length + 1) {
                return truncated(name);
            }
            length += 1 + static_cast<std::size_t>(y) * at(length);
        }
        if (remaining() < length) {
            return truncated(name);
        }
        ignore(length, name);
        return {};
    }

    // PREFIX ( x pL pH d1 ... d(pL + 256 pH): the general form of the "function" commands.
    Status lengthPrefixed(const std::string& prefixName) {
        if (remaining() < 5) {
            return truncated(prefixName);
        }
        const std::string name =
            prefixName + " " + static_cast<char>(at(2) > 0x20 && at(2) < 0x7F ? at(2) : '?');
        const std::size_t p = at(3) + 256u * at(4);
        if (remaining() < 5 + p) {
            return truncated(name);
        }
        if (in_[start_] == GS && at(2) == 'k') {
            return symbolFunction(name, p);
        }
        ignore(5 + p, name);
        return {};
    }

    // GS ( k pL pH cn fn ...: cn 49 is QR code.
    Status symbolFunction(const std::string& name, std::size_t p) {
        const std::size_t total = 5 + p;
        if (p < 2 || at(5) != 49) {
            ignore(total, name);
            return {};
        }
        const std::uint8_t fn = at(6);
        const std::string fnName = name + " fn " + std::to_string(fn + 100);
        switch (fn) {
        case 65:  // model
            if (p == 4 && at(7) >= 49 && at(7) <= 51) {
                qrModel_ = at(7) == 49 ? QrModel::model1 : at(7) == 50 ? QrModel::model2 : QrModel::micro;
                pos_ += total;
                emit(ModeSet{fnName});
                return {};
            }
            break;
        case 67:  // module size
            if (p == 3 && at(7) >= kQrMinModuleSize && at(7) <= kQrMaxModuleSize) {
                qrModuleSize_ = at(7);
                pos_ += total;
                emit(ModeSet{fnName});
                return {};
            }
            break;
        case 69:  // error correction level
            if (p == 3 && at(7) >= 48 && at(7) <= 51) {
                qrEcc_ = static_cast<QrEcc>(at(7));
                pos_ += total;
                emit(ModeSet{fnName});
                return {};
            }
            break;
        case 80:  // store
            if (p >= 4 && at(7) == 48) {
                const auto* first = reinterpret_cast<const char*>(in_.data() + pos_ + 8);
                qrData_ = std::make_shared<const std::string>(first, p - 3);
                pos_ += total;
                emit(QrStore{qrData_});
                return {};
            }
            break;
        case 81:  // print
            if (p == 3 && at(7) == 48 && qrData_) {
                pos_ += total;
                emit(QrPrint{qrData_, qrModel_, qrModuleSize_, qrEcc_, style_.align});
                return {};
            }
            break;
        default: break;
        }
        ignore(total, fnName + " (not applied)");
        return {};
    }

    Status fixedOrUnknown(std::uint8_t prefix, std::uint8_t code, const std::string& name) {
        const auto params = fixedParams(prefix, code);
        if (!params) {
            return malformed(name, "unknown command");
        }
        const std::size_t total = 2 + static_cast<std::size_t>(*params);
        if (remaining() < total) {
            return truncated(name);
        }
        ignore(total, name);
        return {};
    }

    Status gsCommand() {
        if (remaining() < 2) {
            return truncated("GS");
        }
        const std::uint8_t code = at(1);
        const std::string name = commandName(GS, code);
        switch (code) {
        case '!': return gsCharacterSize(name);
        case 'V': return gsCut(name);
        case 'v': return gsRasterImage(name);
        case '(': return lengthPrefixed(name);
        case '*': return gsDownloadImage(name);
        case '8': return gsLargeFunction(name);
        case 'k': return gsBarcode(name);
        default: return fixedOrUnknown(GS, code, name);
        }
    }

    Status gsCharacterSize(const std::string& name) {
        if (remaining() < 3) {
            return truncated(name);
        }
        const std::uint8_t n = at(2);
        pos_ += 3;
        if ((n & 0x88) != 0) {
            emit(Ignored{name + " " + hexByte(n)});
            return {};
        }
        style_.widthScale = ((n >> 4) & 0x07) + 1;
        style_.heightScale = (n & 0x07) + 1;
        emit(ModeSet{name});
        return {};
    }

    Status gsCut(const std::string& name) {
        if (remaining() < 3) {
            return truncated(name);
        }
        const std::uint8_t m = at(2);
        switch (m) {
        case 0:
        case 48:
        case 1:
        case 49:
            pos_ += 3;
            emit(Cut{(m == 0 || m == 48) ? CutMode::full : CutMode::partial, false, 0});
            return {};
        case 65:
        case 66:
        case 97:
        case 98:
        case 103:
        case 104:
            if (remaining() < 4) {
                return truncated(name);
            }
            pos_ += 4;
            emit(Cut{(m == 65 || m == 97 || m == 103) ? CutMode::full : CutMode::partial, true,
                     in_[start_ + 3]});
            return {};
        default: return malformed(name, "unknown cut mode " + hexByte(m));
        }
    }

    // GS v 0 m xL xH yL yH d1 ... d(x*y).
    Status gsRasterImage(const std::string& name) {
        if (remaining() < 8) {
            return truncated(name);
        }
        if (at(2) != '0' && at(2) != 0) {
            return malformed(name, "unknown function " + hexByte(at(2)));
        }
        const std::uint8_t m = at(3);
        const int bytesPerRow = at(4) + 256 * at(5);
        const int rows = at(6) + 256 * at(7);
        const std::size_t size = static_cast<std::size_t>(bytesPerRow) * static_cast<std::size_t>(rows);
        if (remaining() < 8 + size) {
            return truncated(name);
        }
        const std::uint8_t mode = m >= 48 ? static_cast<std::uint8_t>(m - 48) : m;
        if (mode > 3 || size == 0) {
            ignore(8 + size, name + (size == 0 ? " (empty)" : " mode " + hexByte(m)));
            return {};
        }
        RasterImage image;
        image.bitmap.width = bytesPerRow * 8;
        image.bitmap.height = rows;
        const auto* first = in_.data() + pos_ + 8;
        image.bitmap.bits.assign(first, first + size);
        image.scaleX = (mode & 1) != 0 ? 2 : 1;
        image.scaleY = (mode & 2) != 0 ? 2 : 1;
        image.align = style_.align;
        pos_ += 8 + size;
        emit(std::move(image));
        return {};
    }

    // GS * x y d1 ... d(x*y*8): download a bit image.
    Status gsDownloadImage(const std::string& name) {
        if (remaining() < 4) {
            return truncated(name);
        }
        const std::size_t total = 4 + static_cast<std::size_t>(at(2)) * at(3) * 8;
        if (remaining() < total) {
            return truncated(name);
        }
        ignore(total, name);
        return {};
    }

    // GS 8 L p1 p2 p3 p4 d...: the four-byte-length form of GS ( L.
    Status gsLargeFunction(const std::string& name) {
        if (remaining() < 7) {
            return truncated(name);
        }
        if (at(2) != 'L') {
            return malformed(name, "unknown function " + hexByte(at(2)));
        }
        const std::uint64_t p = static_cast<std::uint64_t>(at(3)) | (static_cast<std::uint64_t>(at(4)) << 8) |
                                (static_cast<std::uint64_t>(at(5)) << 16) |
                                (static_cast<std::uint64_t>(at(6)) << 24);
        if (remaining() - 7 < p) {
            return truncated(name + " L");
        }
        ignore(7 + static_cast<std::size_t>(p), name + " L");
        return {};
    }

    // GS k m d1 ... NUL (m 0..6) or GS k m n d1 ... dn (m 65..79): a one-dimensional barcode.
    Status gsBarcode(const std::string& name) {
        if (remaining() < 3) {
            return truncated(name);
        }
        const std::uint8_t m = at(2);
        if (m <= 6) {
            for (std::size_t i = 3; i < remaining(); ++i) {
                if (at(i) == 0) {
                    ignore(i + 1, name);
                    return {};
                }
            }
            return truncated(name);
        }
        if (m >= 65 && m <= 79) {
            if (remaining() < 4 || remaining() < 4 + static_cast<std::size_t>(at(3))) {
                return truncated(name);
            }
            ignore(4 + static_cast<std::size_t>(at(3)), name);
            return {};
        }
        return malformed(name, "unknown barcode system " + hexByte(m));
    }

    Status fsCommand() {
        if (remaining() < 2) {
            return truncated("FS");
        }
        const std::uint8_t code = at(1);
        const std::string name = commandName(FS, code);
        switch (code) {
        case '&':
        case '.':
            style_.chineseMode = code == '&';
            pos_ += 2;
            emit(ModeSet{name});
            return {};
        case '(': return lengthPrefixed(name);
        case 'q': return fsDefineNvImages(name);
        default: return fixedOrUnknown(FS, code, name);
        }
    }

    // FS q n [xL xH yL yH d1 ... dk] x n, k = x * y * 8.
    Status fsDefineNvImages(const std::string& name) {
        if (remaining() < 3) {
            return truncated(name);
        }
        const int count = at(2);
        std::size_t length = 3;
        for (int i = 0; i < count; ++i) {
            if (remaining() < length + 4) {
                return truncated(name);
            }
            const std::size_t x = at(length) + 256u * at(length + 1);
            const std::size_t y = at(length + 2) + 256u * at(length + 3);
            length += 4 + x * y * 8;
            if (remaining() < length) {
                return truncated(name);
            }
        }
        ignore(length, name);
        return {};
    }

    Status dleCommand() {
        if (remaining() < 2) {
            return truncated("DLE");
        }
        const std::uint8_t code = at(1);
        const std::string name = commandName(DLE, code);
        if (code == 0x14) {
            // DLE DC4 fn ...: fn 1 and 2 take two more bytes, fn 7 one, fn 8 seven.
            if (remaining() < 3) {
                return truncated(name);
            }
            std::size_t params = 0;
            switch (at(2)) {
            case 1:
            case 2: params = 2; break;
            case 7: params = 1; break;
            case 8: params = 7; break;
            default: return malformed(name, "unknown function " + hexByte(at(2)));
            }
            if (remaining() < 3 + params) {
                return truncated(name);
            }
            ignore(3 + params, name);
            return {};
        }
        return fixedOrUnknown(DLE, code, name);
    }

    void resetModes() {
        const bool chinese = style_.chineseMode;
        style_ = TextStyle{};
        style_.chineseMode = chinese;
        qrModel_ = QrModel::model2;
        qrModuleSize_ = kDefaultQrModuleSize;
        qrEcc_ = QrEcc::L;
        qrData_.reset();
    }

    std::span<const std::uint8_t> in_;
    std::size_t pos_ = 0;
    std::size_t start_ = 0;
    std::vector<Operation> ops_;
    TextStyle style_;
    QrModel qrModel_ = QrModel::model2;
    int qrModuleSize_ = kDefaultQrModuleSize;
    QrEcc qrEcc_ = QrEcc::L;
    std::shared_ptr<const std::string> qrData_;
};

}  // namespace

Expected<std::vector<Operation>> parseEscPos(std::span<const std::uint8_t> job) {
    if (job.size() > kMaxEscPosJobBytes) {
        return fail(ErrorCode::invalidInput, "an ESC/POS job of " + std::to_string(job.size()) +
                                                 " bytes exceeds the " + std::to_string(kMaxEscPosJobBytes) +
                                                 "-byte limit");
    }
    return Parser(job).run();
}

}  // namespace yimen::drivers::protocol
