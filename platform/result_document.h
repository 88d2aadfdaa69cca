// The result document (办结通知书): an A4 PDF made from a completed application, Chinese text embedded as a
// font subset with a ToUnicode map, so that it prints anywhere and its text can be extracted and checked.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace yimen::platform {

// Size limits. A text longer than kMaxResultTextChars code points is cut there and ends with a line that says
// how long it was; fields beyond kMaxResultFields are left out with a line that says how many; a document
// that would need more than kMaxResultPages pages stops on the last one with a line that says so. Short
// fields (receipt number, names, the verification URL) longer than kMaxResultShortFieldChars are refused.
inline constexpr std::size_t kMaxResultTextChars = 2'000;
inline constexpr std::size_t kMaxResultShortFieldChars = 200;
inline constexpr std::size_t kMaxResultFields = 20;
inline constexpr int kMaxResultPages = 8;

// The title every result document carries unless it is a certificate with a title of its own.
inline constexpr std::string_view kResultDocumentTitle = "办结通知书";

// One line of the document's table, e.g. {"证书编号", "NO.2026-0001"}.
struct ResultField {
    std::string label;
    std::string value;
};

// What the document says. Every text is UTF-8. Plain data: the caller (the platform's store) fills it when a
// department completes an application.
struct ResultDocumentData {
    std::string title{kResultDocumentTitle};  // 办结通知书, or the certificate's name
    std::string receiptNo;
    std::string queryCode;  // goes into the QR code only, never printed as text
    std::string itemName;
    std::string department;           // the department that handled the application
    std::string applicantName;        // only its mask is printed: 张** (the first character kept)
    std::string applicantId;          // only its mask is printed: 4501**********1231 (maskIdNumber)
    std::string decision;             // e.g. 准予办结
    std::string reason;               // the department's opinion; may be long, wraps and is cut at the limit
    std::vector<ResultField> fields;  // the certificate's fields, after the decision
    std::chrono::system_clock::time_point completedAt;  // printed as the calendar day in China (UTC+8)
    std::string issuingDepartment;  // the name under the document, e.g. 某某县人力资源和社会保障局
    // The QR code carries this URL when it is set, and `YMQ1|receiptNo|queryCode` (what the kiosk's 查询
    // scans) when it is empty.
    std::string verificationUrl;
};

// A font file and the face inside it (Debian's Noto Sans CJK .ttc holds Simplified Chinese as face 2).
struct ResultFont {
    std::string path;
    int index = 0;
};

// The families tried, in order, by findResultFont(): the kiosk's own choice of faces.
inline constexpr std::string_view kResultFontFamilies[] = {"Noto Sans CJK SC", "WenQuanYi Micro Hei"};

// Looks the families up through fontconfig (no path is written down here). Errors: notFound when none is
// installed (install fonts-noto-cjk). Any thread.
[[nodiscard]] Expected<ResultFont> findResultFont();

// The A4 PDF of `data` set in `font`: the title, a table of the fields (long values wrap, and run onto
// further pages), the issuing department and the completion day, a QR code with a verification line naming
// the receipt number, and "第n页 共m页" on every page when there is more than one. The applicant's full name
// and full ID number never reach the PDF, nor does any 18-character ID number in a free text (masked as the
// logs mask it). Errors: notFound when the font file cannot be read; invalidInput when the font has no
// Chinese glyphs, when a text is not UTF-8, when a short field is over its limit, or when the receipt number
// is empty; internal when cairo fails. Any thread; nothing is shared between calls.
[[nodiscard]] Expected<std::vector<std::uint8_t>> renderResultDocument(const ResultDocumentData& data,
                                                                       const ResultFont& font);

// The same, with findResultFont().
[[nodiscard]] Expected<std::vector<std::uint8_t>> renderResultDocument(const ResultDocumentData& data);

// 张三 -> 张*, 欧阳娜娜 -> 欧***: the first character kept, one star for each other; masking a mask changes
// nothing. Not UTF-8: all stars, one per byte.
std::string maskPersonName(std::string_view name);

}  // namespace yimen::platform
