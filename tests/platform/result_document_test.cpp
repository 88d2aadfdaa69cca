// The result document as a reader and a printer meet it: its text read back with pdftotext, its fonts listed
// with pdffonts, its QR code decoded from a page rendered by pdftoppm (poppler-utils).
#include "platform/result_document.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/png_qr.h"
#include "tests/support/skip.h"
#include "tests/support/temp_dir.h"

using namespace yimen;
using namespace yimen::platform;
using yimen::testing::TempDir;

// LeakSanitizer (the Asan build) reads this: two leaks of the libraries themselves, which no caller can free.
// cairo 1.16 loses 768 bytes in cairo_surface_finish of every PDF surface (a plain C program that draws one
// line shows it too); fontconfig loses 288 bytes parsing its XML configuration once. Anything our code leaks
// still fails. The libraries have no frame pointers: the full unwind lets the suppressions see those frames.
extern "C" const char* __asan_default_options() {
    return "fast_unwind_on_malloc=0";
}
extern "C" const char* __lsan_default_suppressions() {
    return "leak:cairo_surface_finish\nleak:XML_ParseBuffer\n";
}

namespace {

constexpr const char* kFullId = "450102199001011231";
constexpr const char* kMaskedId = "4501**********1231";

ResultDocumentData sample() {
    ResultDocumentData d;
    d.receiptNo = "Y20261206000042";
    d.queryCode = "8842";
    d.itemName = "城乡居民基本养老保险参保登记";
    d.department = "县人社局";
    d.applicantName = "张三丰";
    d.applicantId = kFullId;
    d.decision = "准予办结";
    d.reason = "材料齐全，符合参保条件，已办理参保登记。";
    d.completedAt = std::chrono::sys_days{std::chrono::year{2026} / 12 / 5} + std::chrono::hours(17) +
                    std::chrono::minutes(30);  // 2026-12-06 01:30 in China
    d.issuingDepartment = "某某县人力资源和社会保障局";
    return d;
}

// The standard output of `command`.
std::string run(const std::string& command) {
    std::string out;
    if (FILE* pipe = popen(command.c_str(), "r")) {
        char buffer[4096];
        for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
        pclose(pipe);
    }
    return out;
}

bool havePoppler() {
    // `command -v` prints a line for the tool when it finds it.
    for (const char* tool : {"pdftotext", "pdffonts", "pdftoppm", "pdfinfo"})
        if (run(std::string("command -v ") + tool).empty())
            return false;
    return true;
}

// The PDF of `data`, saved in `dir` as doc.pdf; fails the test when it cannot be made.
std::string savedPdf(const TempDir& dir, const ResultDocumentData& data) {
    auto pdf = renderResultDocument(data);
    INFO((pdf ? std::string() : pdf.error().describe()));
    REQUIRE(pdf);
    std::string path = dir / "doc.pdf";
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(pdf->data()), static_cast<std::streamsize>(pdf->size()));
    return path;
}

int pageCount(const std::string& pdf) {
    std::istringstream info(run("pdfinfo " + pdf));
    for (std::string line; std::getline(info, line);)
        if (line.rfind("Pages:", 0) == 0)
            return std::atoi(line.c_str() + 6);
    return 0;
}

// The QR code's text on page `page`, rendered as a printer would get it (150 dpi).
std::string qrOnPage(const TempDir& dir, const std::string& pdf, int page) {
    const std::string n = std::to_string(page);
    run("pdftoppm -png -r 150 -singlefile -f " + n + " -l " + n + " " + pdf + " " + (dir / "page"));
    return yimen::testing::decodeQrInPng(dir / "page.png");
}

}  // namespace

TEST_CASE("result_document_text_extracts_with_the_title_item_and_masked_id_never_the_full_id",
          "[result_document]") {
    if (!havePoppler())
        YIMEN_SKIP("poppler-utils (pdftotext, pdffonts, pdftoppm) not installed");
    TempDir dir;
    auto pdf = renderResultDocument(sample());
    REQUIRE(pdf);
    REQUIRE(pdf->size() > 4);
    CHECK(std::string(pdf->begin(), pdf->begin() + 4) == "%PDF");
    CHECK(std::string(pdf->begin(), pdf->end()).find(kFullId) == std::string::npos);

    const std::string path = savedPdf(dir, sample());
    const std::string text = run("pdftotext -enc UTF-8 " + path + " -");
    CHECK(text.find("办结通知书") != std::string::npos);
    CHECK(text.find("城乡居民基本养老保险参保登记") != std::string::npos);
    CHECK(text.find(kMaskedId) != std::string::npos);
    CHECK(text.find("张**") != std::string::npos);
    CHECK(text.find("Y20261206000042") != std::string::npos);
    CHECK(text.find("准予办结") != std::string::npos);
    CHECK(text.find("某某县人力资源和社会保障局") != std::string::npos);
    CHECK(text.find("2026年12月06日") != std::string::npos);  // the day in China, not in UTC
    CHECK(text.find(kFullId) == std::string::npos);
    CHECK(text.find("张三丰") == std::string::npos);
    CHECK(text.find("8842") == std::string::npos);   // the query code is only in the QR code
    CHECK(text.find("第1页") == std::string::npos);  // one page: no page numbers
    CHECK(pageCount(path) == 1);
}

TEST_CASE("result_document_embeds_a_subset_of_the_chinese_font_with_a_unicode_map", "[result_document]") {
    if (!havePoppler())
        YIMEN_SKIP("poppler-utils (pdftotext, pdffonts, pdftoppm) not installed");
    TempDir dir;
    std::istringstream fonts(run("pdffonts " + savedPdf(dir, sample())));
    std::string line;
    std::getline(fonts, line);
    REQUIRE(line.find("emb sub uni") != std::string::npos);
    std::getline(fonts, line);  // the rule under the header
    int listed = 0;
    for (; std::getline(fonts, line); ++listed) {
        INFO(line);
        // name+subset-tag ... emb sub uni object ID: a subset's name starts with six capitals and a '+'.
        CHECK(line.find('+') == 6);
        CHECK(line.find("CJK") != std::string::npos);
        CHECK(line.find("yes yes yes") != std::string::npos);
    }
    CHECK(listed == 1);
}

TEST_CASE("result_document_qr_decodes_to_the_tracking_payload_or_the_verification_url", "[result_document]") {
    if (!havePoppler())
        YIMEN_SKIP("poppler-utils (pdftotext, pdffonts, pdftoppm) not installed");
    TempDir dir;
    CHECK(qrOnPage(dir, savedPdf(dir, sample()), 1) == "YMQ1|Y20261206000042|8842");

    ResultDocumentData withUrl = sample();
    withUrl.verificationUrl = "https://zwfw.example.gov.cn/verify/Y20261206000042";
    const std::string path = savedPdf(dir, withUrl);
    CHECK(qrOnPage(dir, path, 1) == withUrl.verificationUrl);
    CHECK(run("pdftotext -enc UTF-8 " + path + " -").find("回执号 Y20261206000042") != std::string::npos);
}

TEST_CASE("a_5000_character_reason_is_cut_at_the_limit_and_runs_onto_a_second_page", "[result_document]") {
    if (!havePoppler())
        YIMEN_SKIP("poppler-utils (pdftotext, pdffonts, pdftoppm) not installed");
    TempDir dir;
    ResultDocumentData data = sample();
    data.reason.clear();
    for (int i = 0; i < 311; ++i) data.reason += "经审查申请材料齐全符合法定形式 ";  // 16 characters
    data.reason += "经审查申请材料齐全符合法定形";                                   // 14
    data.reason += "末尾这句不应印出的话";                                           // 10: 5,000 in all
    const std::string path = savedPdf(dir, data);
    const std::string text = run("pdftotext -enc UTF-8 " + path + " -");
    const int pages = pageCount(path);
    CHECK(pages >= 2);
    CHECK(pages < kMaxResultPages);
    CHECK(text.find("全文共 5000 字，超过 2000 字的部分未印出") != std::string::npos);
    CHECK(text.find("末尾这句不应印出的话") == std::string::npos);
    for (int page = 1; page <= pages; ++page)
        CHECK(text.find("第" + std::to_string(page) + "页 共" + std::to_string(pages) + "页") !=
              std::string::npos);
    CHECK(qrOnPage(dir, path, pages) == "YMQ1|Y20261206000042|8842");  // the QR block closes the last page
}

TEST_CASE("a_document_over_the_page_limit_stops_on_the_last_page_with_a_note_and_its_qr",
          "[result_document]") {
    if (!havePoppler())
        YIMEN_SKIP("poppler-utils (pdftotext, pdffonts, pdftoppm) not installed");
    TempDir dir;
    ResultDocumentData data = sample();
    for (std::size_t i = 0; i < kMaxResultFields + 3; ++i)
        data.fields.push_back(
            {"证书字段" + std::to_string(i + 1), std::string(kMaxResultTextChars * 3, 'x')});
    const std::string path = savedPdf(dir, data);
    CHECK(pageCount(path) == kMaxResultPages);
    const std::string text = run("pdftotext -enc UTF-8 " + path + " -");
    CHECK(text.find("内容超过 " + std::to_string(kMaxResultPages) + " 页，以下从略") != std::string::npos);
    CHECK(qrOnPage(dir, path, kMaxResultPages) == "YMQ1|Y20261206000042|8842");
}

TEST_CASE("id_numbers_written_into_free_text_are_masked", "[result_document]") {
    if (!havePoppler())
        YIMEN_SKIP("poppler-utils (pdftotext, pdffonts, pdftoppm) not installed");
    TempDir dir;
    ResultDocumentData data = sample();
    data.reason = std::string("经核对身份证号") + kFullId + "，准予办结。";
    data.fields.push_back({"持证人证号", kFullId});
    const std::string text = run("pdftotext -enc UTF-8 " + savedPdf(dir, data) + " -");
    CHECK(text.find(kFullId) == std::string::npos);
    CHECK(text.find(std::string("身份证号") + kMaskedId) != std::string::npos);
}

TEST_CASE("a_missing_font_or_one_without_chinese_is_a_clear_error", "[result_document]") {
    auto missing = renderResultDocument(sample(), ResultFont{"/nonexistent/NotoSansCJK-Regular.ttc", 2});
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::notFound);
    CHECK(missing.error().message.find("/nonexistent/NotoSansCJK-Regular.ttc") != std::string::npos);
    CHECK(missing.error().message.find("fonts-noto-cjk") != std::string::npos);

    TempDir dir;
    const std::string notAFont = dir / "font.ttc";
    std::ofstream(notAFont) << "not a font";
    auto garbage = renderResultDocument(sample(), ResultFont{notAFont, 0});
    REQUIRE_FALSE(garbage);
    CHECK(garbage.error().code == ErrorCode::notFound);

    const std::string latinOnly = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    if (std::ifstream(latinOnly).good()) {
        auto latin = renderResultDocument(sample(), ResultFont{latinOnly, 0});
        REQUIRE_FALSE(latin);
        CHECK(latin.error().code == ErrorCode::invalidInput);
        CHECK(latin.error().message.find("no Chinese glyphs") != std::string::npos);
    }
}

TEST_CASE("the_font_lookup_finds_a_chinese_face_by_family", "[result_document]") {
    auto font = findResultFont();
    INFO((font ? font->path : font.error().describe()));
    REQUIRE(font);
    CHECK(std::ifstream(font->path).good());
}

TEST_CASE("bad_input_is_refused_with_the_field_named", "[result_document]") {
    ResultDocumentData noReceipt = sample();
    noReceipt.receiptNo.clear();
    auto a = renderResultDocument(noReceipt);
    REQUIRE_FALSE(a);
    CHECK(a.error().code == ErrorCode::invalidInput);

    ResultDocumentData notUtf8 = sample();
    notUtf8.itemName = "城乡\xff";
    auto b = renderResultDocument(notUtf8);
    REQUIRE_FALSE(b);
    CHECK(b.error().message.find("item name is not UTF-8") != std::string::npos);

    ResultDocumentData longName = sample();
    longName.applicantName = std::string(kMaxResultShortFieldChars + 1, 'a');
    auto c = renderResultDocument(longName);
    REQUIRE_FALSE(c);
    CHECK(c.error().message.find("applicant name is longer than") != std::string::npos);

    ResultDocumentData badReason = sample();
    badReason.reason = "\xc0\xaf";
    CHECK_FALSE(renderResultDocument(badReason));
}

TEST_CASE("person_names_keep_the_first_character_only", "[result_document]") {
    CHECK(maskPersonName("张三") == "张*");
    CHECK(maskPersonName("欧阳娜娜") == "欧***");
    CHECK(maskPersonName("张*") == "张*");
    CHECK(maskPersonName("李") == "李");
    CHECK(maskPersonName("") == "");
    CHECK(maskPersonName("\xff\xfe") == "**");
}
