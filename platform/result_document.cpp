// renderResultDocument: cairo's PDF surface over a FreeType face found by fontconfig, and the QR code of
// common/qr.
#include "platform/result_document.h"

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <unordered_map>

#include "common/id_number.h"
#include "common/qr/qr_code.h"
#include "common/utf8.h"

namespace yimen::platform {
namespace {

// A4 in points, and the page's frame.
constexpr double kPageWidth = 595.276;
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 56.7;  // 20 mm
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr double kFooterTop = kPageHeight - kMargin + 14;  // the page number sits in the bottom margin

constexpr double kTitleSize = 24;
constexpr double kTextSize = 11;
constexpr double kSmallSize = 9;
constexpr double kLineHeight = kTextSize * 1.6;
constexpr double kCellPadding = 6;
constexpr double kLabelWidth = 96;
constexpr double kValueWidth = kContentWidth - kLabelWidth;
constexpr double kQrSide = 96;
constexpr double kGap = 18;

// Characters every Chinese face has and this document always prints: a font without them is not one.
constexpr char32_t kRequiredGlyphs[] = {U'办', U'结', U'通', U'知', U'书', U'页'};

using SurfacePtr = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using ContextPtr = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;
using FacePtr = std::unique_ptr<cairo_font_face_t, decltype(&cairo_font_face_destroy)>;
using PatternPtr = std::unique_ptr<FcPattern, decltype(&FcPatternDestroy)>;

std::size_t codePoints(std::string_view text) {
    std::size_t n = 0;
    for (std::size_t pos = 0; pos < text.size(); ++n)
        if (!decodeUtf8At(text, pos))
            return text.size();
    return n;
}

// The first `limit` code points of valid UTF-8 `text`.
std::string firstCodePoints(std::string_view text, std::size_t limit) {
    std::size_t pos = 0;
    for (std::size_t n = 0; n < limit && pos < text.size(); ++n)
        if (!decodeUtf8At(text, pos))
            break;
    return std::string(text.substr(0, pos));
}

// A free text as printed: checked, its ID numbers masked, cut at kMaxResultTextChars with a line saying so.
Expected<std::string> longText(std::string_view what, std::string_view text) {
    if (firstInvalidUtf8(text))
        return fail(ErrorCode::invalidInput, std::string(what) + " is not UTF-8");
    std::string masked = scrubIdNumbers(text);
    const std::size_t length = codePoints(masked);
    if (length <= kMaxResultTextChars)
        return masked;
    return firstCodePoints(masked, kMaxResultTextChars) + "……\n（全文共 " + std::to_string(length) +
           " 字，超过 " + std::to_string(kMaxResultTextChars) + " 字的部分未印出）";
}

Expected<std::string> shortText(std::string_view what, std::string_view text) {
    if (firstInvalidUtf8(text))
        return fail(ErrorCode::invalidInput, std::string(what) + " is not UTF-8");
    if (codePoints(text) > kMaxResultShortFieldChars)
        return fail(ErrorCode::invalidInput, std::string(what) + " is longer than " +
                                                 std::to_string(kMaxResultShortFieldChars) + " characters");
    return scrubIdNumbers(text);
}

// The completion day in China (UTC+8, no daylight saving): 2026年12月06日.
std::string chinaDay(std::chrono::system_clock::time_point time) {
    const auto day = std::chrono::floor<std::chrono::days>(time + std::chrono::hours(8));
    const std::chrono::year_month_day ymd{day};
    char text[32];
    std::snprintf(text, sizeof text, "%d年%02u月%02u日", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return text;
}

Expected<FacePtr> openFace(const ResultFont& font) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(font.path, ec))
        return fail(ErrorCode::notFound, "font file " + font.path + " not found (install fonts-noto-cjk)");
    int faces = 0;
    PatternPtr pattern(FcFreeTypeQuery(reinterpret_cast<const FcChar8*>(font.path.c_str()),
                                       static_cast<unsigned>(font.index), nullptr, &faces),
                       &FcPatternDestroy);
    if (!pattern)
        return fail(ErrorCode::notFound,
                    "cannot read face " + std::to_string(font.index) + " of font file " + font.path);
    FcCharSet* charset = nullptr;
    const bool chinese = FcPatternGetCharSet(pattern.get(), FC_CHARSET, 0, &charset) == FcResultMatch &&
                         std::all_of(std::begin(kRequiredGlyphs), std::end(kRequiredGlyphs),
                                     [&](char32_t c) { return FcCharSetHasChar(charset, c); });
    if (!chinese)
        return fail(ErrorCode::invalidInput, "font " + font.path + " has no Chinese glyphs");
    FacePtr face(cairo_ft_font_face_create_for_pattern(pattern.get()), &cairo_font_face_destroy);
    if (cairo_font_face_status(face.get()) != CAIRO_STATUS_SUCCESS)
        return fail(ErrorCode::internal, std::string("cairo cannot use the font: ") +
                                             cairo_status_to_string(cairo_font_face_status(face.get())));
    return face;
}

// Line breaking for Chinese with some Latin: a break may come before any CJK character and after a space,
// never before closing punctuation nor after opening punctuation; a word longer than the line is broken
// anywhere.
class Typesetter {
public:
    explicit Typesetter(cairo_t* cr) : cr_(cr) {}

    void size(double points) {
        if (points != size_) {
            cairo_set_font_size(cr_, points);
            size_ = points;
            advances_.clear();
        }
    }

    double width(std::string_view text) {
        double w = 0;
        for (std::size_t pos = 0; pos < text.size();) w += advance(*decodeUtf8At(text, pos));
        return w;
    }

    std::vector<std::string> wrap(std::string_view text, double maxWidth) {
        std::vector<std::string> lines;
        std::size_t start = 0;
        while (true) {
            const std::size_t end = text.find('\n', start);
            wrapParagraph(text.substr(start, end == std::string_view::npos ? end : end - start), maxWidth,
                          lines);
            if (end == std::string_view::npos)
                break;
            start = end + 1;
        }
        return lines;
    }

private:
    static bool isCjk(char32_t c) { return c >= 0x2E80; }
    static bool isClosing(char32_t c) {
        return std::u32string_view(U"，。、；：？！）》」』”’】〕…·,.;:?!)]}%").find(c) !=
               std::u32string_view::npos;
    }
    static bool isOpening(char32_t c) {
        return std::u32string_view(U"（《「『“‘【〔([{").find(c) != std::u32string_view::npos;
    }

    double advance(char32_t c) {
        if (auto it = advances_.find(c); it != advances_.end())
            return it->second;
        std::string one;
        appendUtf8(one, c);
        cairo_text_extents_t extents;
        cairo_text_extents(cr_, one.c_str(), &extents);
        return advances_[c] = extents.x_advance;
    }

    void wrapParagraph(std::string_view text, double maxWidth, std::vector<std::string>& lines) {
        std::string line;
        double lineWidth = 0;
        std::size_t breakAt = 0;  // where `line` may be broken, 0 when nowhere
        char32_t previous = 0;
        for (std::size_t pos = 0; pos < text.size();) {
            char32_t c = *decodeUtf8At(text, pos);
            if (c == '\t')
                c = ' ';
            if (c < 0x20 || c == 0x7F)
                continue;
            const bool breakBefore = isCjk(c) && !isClosing(c) && !isOpening(previous);
            const double w = advance(c);
            if (lineWidth + w > maxWidth && !line.empty()) {
                std::string rest;
                if (!breakBefore && c != ' ' && breakAt > 0 && breakAt < line.size()) {
                    rest = line.substr(breakAt);
                    line.resize(breakAt);
                }
                lines.push_back(std::move(line));
                line = std::move(rest);
                lineWidth = width(line);
                breakAt = 0;
                if (c == ' ' && line.empty())
                    continue;
            }
            if (breakBefore && !line.empty())
                breakAt = line.size();
            appendUtf8(line, c);
            lineWidth += w;
            if (c == ' ')
                breakAt = line.size();
            previous = c;
        }
        lines.push_back(std::move(line));
    }

    cairo_t* cr_;
    double size_ = 0;
    std::unordered_map<char32_t, double> advances_;
};

struct Row {
    std::vector<std::string> label;
    std::vector<std::string> value;
    std::size_t lines() const { return std::max(label.size(), value.size()); }
};

// A piece of a row on one page: lines [first, last) of it, drawn from `top`.
struct Segment {
    const Row* row;
    std::size_t first;
    std::size_t last;
    double top;
};

struct Page {
    std::vector<Segment> segments;
    double tailTop = -1;  // where the signature and the QR block start, on the page that has them
    bool truncated = false;
};

double segmentHeight(std::size_t lines) {
    return static_cast<double>(lines) * kLineHeight + 2 * kCellPadding;
}

class Renderer {
public:
    Renderer(cairo_t* cr, const QrModules& qr) : cr_(cr), type_(cr), qr_(qr) {
        cairo_font_extents_t extents;
        type_.size(kTextSize);
        cairo_font_extents(cr_, &extents);
        baseline_ = (kLineHeight - extents.ascent - extents.descent) / 2 + extents.ascent;
    }

    void build(const std::string& title, const std::vector<std::pair<std::string, std::string>>& rows,
               const std::string& issuer, const std::string& day, const std::string& receiptNo) {
        title_ = title;
        type_.size(kTextSize);
        for (const auto& [label, value] : rows)
            rows_.push_back({type_.wrap(label, kLabelWidth - 2 * kCellPadding),
                             type_.wrap(value, kValueWidth - 2 * kCellPadding)});
        signature_ = type_.wrap(issuer, kContentWidth);
        signature_.push_back(day);
        verification_ = type_.wrap("核验：回执号 " + receiptNo, kContentWidth - kQrSide - kGap);
        for (auto& line : type_.wrap("扫描左侧二维码，或在政务服务自助终端「查询」中输入回执号和查询码，"
                                     "可核验本通知书的真伪和办理经过。",
                                     kContentWidth - kQrSide - kGap))
            verification_.push_back(std::move(line));
        paginate();
    }

    void draw() {
        for (std::size_t p = 0; p < pages_.size(); ++p) {
            const Page& page = pages_[p];
            if (p == 0)
                drawTitle();
            for (const Segment& s : page.segments) drawSegment(s);
            double y = page.tailTop;
            if (page.truncated) {
                type_.size(kTextSize);
                text(kMargin, y + baseline_,
                     "（内容超过 " + std::to_string(kMaxResultPages) +
                         " 页，以下从略，全文请向出具单位查询）");
                y += kLineHeight + kGap / 2;
            }
            if (y >= 0)
                drawTail(y);
            if (pages_.size() > 1) {
                type_.size(kSmallSize);
                const std::string number =
                    "第" + std::to_string(p + 1) + "页 共" + std::to_string(pages_.size()) + "页";
                text((kPageWidth - type_.width(number)) / 2, kFooterTop, number);
            }
            cairo_show_page(cr_);
        }
    }

private:
    double tailHeight() const {
        const double signature = static_cast<double>(signature_.size()) * kLineHeight;
        const double block = std::max(kQrSide, static_cast<double>(verification_.size()) * kLineHeight);
        return kGap + signature + kGap + block;
    }

    void paginate() {
        const double bottom = kPageHeight - kMargin;
        const double truncationNote = kLineHeight + kGap / 2;
        pages_.emplace_back();
        double y = kMargin + kTitleSize * 1.5 + kGap;
        auto lastPage = [&] { return pages_.size() == static_cast<std::size_t>(kMaxResultPages); };
        bool truncated = false;
        for (const Row& row : rows_) {
            std::size_t first = 0;
            while (first < row.lines() && !truncated) {
                // On the last page allowed, room stays for the note and the tail, so both always fit.
                const double room = bottom - y - (lastPage() ? tailHeight() + truncationNote : 0);
                const auto fit = static_cast<std::size_t>(
                    std::max(0.0, std::floor((room - 2 * kCellPadding) / kLineHeight)));
                const std::size_t take = std::min(fit, row.lines() - first);
                if (take > 0) {
                    pages_.back().segments.push_back({&row, first, first + take, y});
                    y += segmentHeight(take);
                    first += take;
                }
                if (first < row.lines()) {
                    if (lastPage()) {
                        truncated = true;
                        break;
                    }
                    pages_.emplace_back();
                    y = kMargin;
                }
            }
            if (truncated)
                break;
        }
        if (truncated) {
            pages_.back().truncated = true;
        } else if (y + tailHeight() > bottom) {
            pages_.emplace_back();
            y = kMargin - kGap;
        }
        pages_.back().tailTop = y;
    }

    void text(double x, double y, const std::string& line) {
        cairo_move_to(cr_, x, y);
        cairo_show_text(cr_, line.c_str());
    }

    void drawTitle() {
        type_.size(kTitleSize);
        text((kPageWidth - type_.width(title_)) / 2, kMargin + kTitleSize, title_);
    }

    void drawSegment(const Segment& s) {
        const double height = segmentHeight(s.last - s.first);
        cairo_set_source_rgb(cr_, 0.93, 0.93, 0.93);
        cairo_rectangle(cr_, kMargin, s.top, kLabelWidth, height);
        cairo_fill(cr_);
        cairo_set_source_rgb(cr_, 0, 0, 0);
        cairo_set_line_width(cr_, 0.6);
        cairo_rectangle(cr_, kMargin, s.top, kLabelWidth, height);
        cairo_rectangle(cr_, kMargin + kLabelWidth, s.top, kValueWidth, height);
        cairo_stroke(cr_);
        type_.size(kTextSize);
        const Row& row = *s.row;
        for (std::size_t i = s.first; i < s.last; ++i) {
            const double y =
                s.top + kCellPadding + static_cast<double>(i - s.first) * kLineHeight + baseline_;
            if (i < row.label.size())
                text(kMargin + kCellPadding, y, row.label[i]);
            else if (i == s.first)
                text(kMargin + kCellPadding, y, "（续）");
            if (i < row.value.size())
                text(kMargin + kLabelWidth + kCellPadding, y, row.value[i]);
        }
    }

    void drawTail(double top) {
        type_.size(kTextSize);
        double y = top + kGap;
        for (const std::string& line : signature_) {
            text(kPageWidth - kMargin - type_.width(line), y + baseline_, line);
            y += kLineHeight;
        }
        y += kGap;
        // The QR code as filled squares: sharp at any resolution. The page is white, so the quiet zone is
        // there.
        const double module = kQrSide / qr_.size;
        for (int row = 0; row < qr_.size; ++row)
            for (int col = 0; col < qr_.size; ++col)
                if (qr_.at(col, row))
                    cairo_rectangle(cr_, kMargin + col * module, y + row * module, module, module);
        cairo_fill(cr_);
        for (std::size_t i = 0; i < verification_.size(); ++i)
            text(kMargin + kQrSide + kGap, y + static_cast<double>(i) * kLineHeight + baseline_,
                 verification_[i]);
    }

    cairo_t* cr_;
    Typesetter type_;
    const QrModules& qr_;
    double baseline_ = 0;
    std::string title_;
    std::vector<Row> rows_;
    std::vector<std::string> signature_;
    std::vector<std::string> verification_;
    std::vector<Page> pages_;
};

cairo_status_t appendBytes(void* closure, const unsigned char* data, unsigned int length) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(closure);
    out->insert(out->end(), data, data + length);
    return CAIRO_STATUS_SUCCESS;
}

}  // namespace

std::string maskPersonName(std::string_view name) {
    if (firstInvalidUtf8(name))
        return std::string(name.size(), '*');
    std::string out;
    std::size_t pos = 0;
    if (auto first = decodeUtf8At(name, pos))
        appendUtf8(out, *first);
    for (std::size_t n = codePoints(name.substr(pos)); n > 0; --n) out += '*';
    return out;
}

Expected<ResultFont> findResultFont() {
    if (!FcInit())
        return fail(ErrorCode::notFound, "fontconfig cannot start");
    for (std::string_view family : kResultFontFamilies) {
        PatternPtr wanted(FcNameParse(reinterpret_cast<const FcChar8*>(std::string(family).c_str())),
                          &FcPatternDestroy);
        if (!wanted)
            continue;
        FcPatternAddString(wanted.get(), FC_LANG, reinterpret_cast<const FcChar8*>("zh-cn"));
        FcConfigSubstitute(nullptr, wanted.get(), FcMatchPattern);
        FcDefaultSubstitute(wanted.get());
        FcResult result = FcResultNoMatch;
        PatternPtr match(FcFontMatch(nullptr, wanted.get(), &result), &FcPatternDestroy);
        if (!match)
            continue;
        // fontconfig always answers with some font: keep it only when it is the family asked for.
        bool same = false;
        FcChar8* name = nullptr;
        for (int i = 0; FcPatternGetString(match.get(), FC_FAMILY, i, &name) == FcResultMatch; ++i)
            same = same || family == reinterpret_cast<const char*>(name);
        FcChar8* file = nullptr;
        int index = 0;
        if (same && FcPatternGetString(match.get(), FC_FILE, 0, &file) == FcResultMatch &&
            FcPatternGetInteger(match.get(), FC_INDEX, 0, &index) == FcResultMatch)
            return ResultFont{reinterpret_cast<const char*>(file), index};
    }
    return fail(ErrorCode::notFound,
                "no Chinese font for the result document (tried Noto Sans CJK SC and "
                "WenQuanYi Micro Hei; install fonts-noto-cjk)");
}

Expected<std::vector<std::uint8_t>> renderResultDocument(const ResultDocumentData& data,
                                                         const ResultFont& font) {
    if (data.receiptNo.empty())
        return fail(ErrorCode::invalidInput, "result document without a receipt number");
    std::vector<std::pair<std::string, std::string>> rows;
    std::string title, issuer, receiptNo, qrText;
    {
        struct Short {
            const char* what;
            const std::string& text;
            std::string* out;
        };
        std::string item, department, name, id, queryCode, url;
        for (const Short& s :
             {Short{"title", data.title, &title}, Short{"receipt number", data.receiptNo, &receiptNo},
              Short{"query code", data.queryCode, &queryCode}, Short{"item name", data.itemName, &item},
              Short{"department", data.department, &department},
              Short{"applicant name", data.applicantName, &name},
              Short{"applicant ID number", data.applicantId, &id},
              Short{"issuing department", data.issuingDepartment, &issuer},
              Short{"verification URL", data.verificationUrl, &url}}) {
            auto checked = shortText(s.what, s.text);
            if (!checked)
                return checked.error().withContext("making the result document");
            *s.out = std::move(*checked);
        }
        if (title.empty())
            title = kResultDocumentTitle;
        qrText = url.empty() ? "YMQ1|" + receiptNo + "|" + queryCode : url;
        rows = {{"回执号", receiptNo},
                {"事项名称", item},
                {"受理部门", department},
                {"申请人", maskPersonName(name)},
                {"证件号码", maskIdNumber(id)}};
    }
    for (const auto& [what, text] : {std::pair<const char*, const std::string*>{"办理结果", &data.decision},
                                     std::pair<const char*, const std::string*>{"办理意见", &data.reason}}) {
        auto checked = longText(what, *text);
        if (!checked)
            return checked.error().withContext("making the result document");
        if (!checked->empty())
            rows.emplace_back(what, std::move(*checked));
    }
    const std::size_t printed = std::min(data.fields.size(), kMaxResultFields);
    const std::size_t fieldsLeft = data.fields.size() - printed;
    for (std::size_t i = 0; i < printed; ++i) {
        auto label = shortText("field label", data.fields[i].label);
        if (!label)
            return label.error().withContext("making the result document");
        auto value = longText("field " + *label, data.fields[i].value);
        if (!value)
            return value.error().withContext("making the result document");
        rows.emplace_back(std::move(*label), std::move(*value));
    }
    if (fieldsLeft > 0)
        rows.emplace_back("其他", "另有 " + std::to_string(fieldsLeft) + " 项未印出（每份最多 " +
                                      std::to_string(kMaxResultFields) + " 项）");
    const std::string day = chinaDay(data.completedAt);
    rows.emplace_back("办结日期", day);

    auto qr = encodeQr(qrText);
    if (!qr)
        return qr.error().withContext("making the result document");
    auto face = openFace(font);
    if (!face)
        return face.error().withContext("making the result document");

    std::vector<std::uint8_t> bytes;
    SurfacePtr surface(cairo_pdf_surface_create_for_stream(&appendBytes, &bytes, kPageWidth, kPageHeight),
                       &cairo_surface_destroy);
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "yimen-platform");
    {
        ContextPtr cr(cairo_create(surface.get()), &cairo_destroy);
        cairo_set_font_face(cr.get(), face->get());
        cairo_set_source_rgb(cr.get(), 0, 0, 0);
        Renderer renderer(cr.get(), *qr);
        renderer.build(title, rows, issuer, day, receiptNo);
        renderer.draw();
        if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS)
            return fail(ErrorCode::internal, std::string("drawing the result document: ") +
                                                 cairo_status_to_string(cairo_status(cr.get())));
    }
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        return fail(ErrorCode::internal, std::string("writing the result document: ") +
                                             cairo_status_to_string(cairo_surface_status(surface.get())));
    return bytes;
}

Expected<std::vector<std::uint8_t>> renderResultDocument(const ResultDocumentData& data) {
    auto font = findResultFont();
    if (!font)
        return font.error().withContext("making the result document");
    return renderResultDocument(data, *font);
}

}  // namespace yimen::platform
