// Tests for drivers/sim/sim_receipt_printer.cpp: the simulated printer as the kiosk and a technician see it.
#include "drivers/sim/sim_receipt_printer.h"

#include <SDL.h>
#include <SDL_image.h>
#include <ZXing/ReadBarcode.h>
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <thread>

#include "drivers/protocol/escpos.h"
#include "test_support.h"

using namespace yimen;
using namespace yimen::drivers;
using namespace yimen::drivers::protocol;
using yimen::drivers::sim::SimReceiptPrinter;
using yimen::drivers::test::TempDir;

namespace {

const std::string kQrText = "https://zwfw.example.gov.cn/r/YM20240601-0001?项目=社会保障卡申领";

// A PNG as one luminance byte per pixel.
struct Picture {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> lum;

    bool black(int x, int y) const { return lum[static_cast<std::size_t>(y) * width + x] < 128; }
    int blackInRows(int top, int bottom) const {
        int n = 0;
        for (int y = top; y < bottom && y < height; ++y)
            for (int x = 0; x < width; ++x) n += black(x, y) ? 1 : 0;
        return n;
    }
};

Picture loadPicture(const std::filesystem::path& path) {
    SDL_Surface* loaded = IMG_Load(path.c_str());
    REQUIRE(loaded != nullptr);
    SDL_Surface* rgba = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(loaded);
    REQUIRE(rgba != nullptr);
    Picture p;
    p.width = rgba->w;
    p.height = rgba->h;
    p.lum.resize(static_cast<std::size_t>(p.width) * p.height);
    for (int y = 0; y < p.height; ++y) {
        const auto* row =
            reinterpret_cast<const Uint32*>(static_cast<const Uint8*>(rgba->pixels) + y * rgba->pitch);
        for (int x = 0; x < p.width; ++x) {
            Uint8 r, g, b;
            SDL_GetRGB(row[x], rgba->format, &r, &g, &b);
            p.lum[static_cast<std::size_t>(y) * p.width + x] =
                static_cast<std::uint8_t>((r * 30 + g * 59 + b * 11) / 100);
        }
    }
    SDL_FreeSurface(rgba);
    return p;
}

std::vector<std::uint8_t> receiptJob(PaperWidth paper = PaperWidth::mm80) {
    EscPosWriter w(paper);
    w.init()
        .align(Align::center)
        .size(2, 2)
        .bold(true)
        .line("受理回执")
        .size(1, 1)
        .bold(false)
        .align(Align::left)
        .separator()
        .line("受理编号：YM20240601-0001")
        .line("事项：社会保障卡申领")
        .paragraph("请凭本回执和本人身份证到武鸣区政务服务中心三号窗口领取办理结果。")
        .separator()
        .align(Align::center)
        .qrCode(kQrText, 6, QrEcc::M)
        .feed(3)
        .cut();
    auto bytes = w.bytes();
    REQUIRE(bytes.hasValue());
    return *bytes;
}

std::unique_ptr<SimReceiptPrinter> makePrinter(const TempDir& dir, PaperWidth paper = PaperWidth::mm80) {
    auto printer = SimReceiptPrinter::create(dir.path(), paper);
    if (!printer) {
        FAIL(printer.error().describe());
    }
    return std::move(*printer);
}

std::vector<std::uint8_t> readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::uint8_t> textJob(const std::string& text, bool cut = true) {
    EscPosWriter w;
    w.init().line(text);
    if (cut)
        w.cut();
    return w.bytes().value();
}

}  // namespace

TEST_CASE("a printed receipt is saved as a PNG of the paper width whose QR code scans to the stored text") {
    TempDir dir;
    auto printer = makePrinter(dir);
    const auto job = receiptJob();
    REQUIRE(printer->print(job).hasValue());

    const auto files = printer->printedFiles();
    REQUIRE(files.size() == 1);
    CHECK(files[0] == dir.path() / "receipt-0001.png");
    REQUIRE(std::filesystem::exists(files[0]));
    CHECK(readFile(dir.path() / "receipt-0001.bin") == job);

    const Picture p = loadPicture(files[0]);
    CHECK(p.width == 576);
    CHECK(p.height > 300);
    const auto result = ZXing::ReadBarcode({p.lum.data(), p.width, p.height, ZXing::ImageFormat::Lum},
                                           ZXing::DecodeHints().setFormats(ZXing::BarcodeFormat::QRCode));
    REQUIRE(result.isValid());
    CHECK(result.text() == kQrText);
    CHECK(result.ecLevel() == "M");
}

TEST_CASE("a 58 mm printer saves receipts 384 dots wide") {
    TempDir dir;
    auto printer = makePrinter(dir, PaperWidth::mm58);
    CHECK(printer->widthDots() == 384);
    REQUIRE(printer->print(receiptJob(PaperWidth::mm58)).hasValue());
    REQUIRE(printer->printedFiles().size() == 1);
    const Picture p = loadPicture(printer->printedFiles()[0]);
    CHECK(p.width == 384);
    const auto result = ZXing::ReadBarcode({p.lum.data(), p.width, p.height, ZXing::ImageFormat::Lum},
                                           ZXing::DecodeHints().setFormats(ZXing::BarcodeFormat::QRCode));
    CHECK(result.text() == kQrText);
}

TEST_CASE("centred text is printed in the middle of the paper") {
    TempDir dir;
    auto printer = makePrinter(dir);
    EscPosWriter w;
    w.init().align(Align::center).size(2, 2).line("受理回执").cut();
    REQUIRE(printer->print(w.bytes().value()).hasValue());
    const Picture p = loadPicture(printer->printedFiles().at(0));
    int left = p.width, right = -1;
    for (int y = 0; y < 48; ++y)
        for (int x = 0; x < p.width; ++x)
            if (p.black(x, y)) {
                left = std::min(left, x);
                right = std::max(right, x);
            }
    // Four 48-dot cells = 192 dots, centred on 576: from 192 to 384.
    REQUIRE(right > left);
    CHECK(left >= 192);
    CHECK(right < 384);
    CHECK(std::abs((left + right) / 2 - 288) <= 6);
}

TEST_CASE("a full line of 48 characters fits on 80 mm paper and the 49th wraps") {
    TempDir dir;
    auto printer = makePrinter(dir);
    REQUIRE(printer->print(textJob(std::string(48, 'W'))).hasValue());
    REQUIRE(printer->print(textJob(std::string(49, 'W'))).hasValue());
    const auto files = printer->printedFiles();
    REQUIRE(files.size() == 2);
    const Picture one = loadPicture(files[0]);
    const Picture two = loadPicture(files[1]);
    CHECK(one.blackInRows(0, 24) > 0);
    CHECK(two.blackInRows(30, 54) > 0);    // the 49th character on a second line
    CHECK(two.height == one.height + 30);  // one more line of 30 dots
}

TEST_CASE("a raster image is printed dot for dot") {
    TempDir dir;
    auto printer = makePrinter(dir);
    MonoBitmap bar(576, 8);
    for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 576; ++x) bar.setDot(x, y);
    EscPosWriter w;
    w.init().image(bar).cut();
    REQUIRE(printer->print(w.bytes().value()).hasValue());
    const Picture p = loadPicture(printer->printedFiles().at(0));
    CHECK(p.blackInRows(0, 8) == 576 * 8);
}

TEST_CASE("each cut is a separate receipt and numbering never overwrites earlier receipts") {
    TempDir dir;
    {
        auto printer = makePrinter(dir);
        EscPosWriter w;
        w.init().line("第一张").cut().line("第二张").cut();
        REQUIRE(printer->print(w.bytes().value()).hasValue());
        CHECK(printer->printedFiles() == std::vector<std::filesystem::path>{dir.path() / "receipt-0001.png",
                                                                            dir.path() / "receipt-0002.png"});
    }
    auto again = makePrinter(dir);
    REQUIRE(again->print(textJob("第三张")).hasValue());
    CHECK(again->printedFiles() == std::vector<std::filesystem::path>{dir.path() / "receipt-0003.png"});
}

TEST_CASE("text printed without a cut stays on the paper until the next cut") {
    TempDir dir;
    auto printer = makePrinter(dir);
    REQUIRE(printer->print(textJob("上半张", false)).hasValue());
    CHECK(printer->printedFiles().empty());
    REQUIRE(printer->print(textJob("下半张")).hasValue());
    REQUIRE(printer->printedFiles().size() == 1);
    const Picture p = loadPicture(printer->printedFiles()[0]);
    CHECK(p.blackInRows(0, 24) > 0);
    CHECK(p.blackInRows(30, 54) > 0);
    // Both jobs' bytes are kept with the receipt they printed on.
    CHECK(readFile(dir.path() / "receipt-0001.bin").size() ==
          textJob("上半张", false).size() + textJob("下半张").size());
}

TEST_CASE("printer out of paper refuses the job and prints nothing") {
    TempDir dir;
    auto printer = makePrinter(dir);
    printer->setPaperOut(true);
    auto status = printer->status();
    REQUIRE(status.hasValue());
    CHECK(status->paperOut);
    CHECK_FALSE(status->canPrint());

    auto printed = printer->print(receiptJob());
    REQUIRE_FALSE(printed.hasValue());
    CHECK(printed.error().code == ErrorCode::device);
    CHECK(printed.error().message == "打印纸已用完");
    CHECK(printer->printedFiles().empty());
    CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("printer with its cover open refuses the job and says why") {
    TempDir dir;
    auto printer = makePrinter(dir);
    printer->setCoverOpen(true);
    auto printed = printer->print(receiptJob());
    REQUIRE_FALSE(printed.hasValue());
    CHECK(printed.error().code == ErrorCode::device);
    CHECK(printed.error().message == "打印机盖未关好");
    printer->setCoverOpen(false);
    CHECK(printer->print(receiptJob()).hasValue());
}

TEST_CASE("paper nearly out is reported but printing goes on") {
    TempDir dir;
    auto printer = makePrinter(dir);
    printer->setPaperNearEnd(true);
    CHECK(printer->status()->describe() == "打印纸将用完");
    CHECK(printer->print(receiptJob()).hasValue());
}

TEST_CASE("paper running out mid-job saves no receipt and reports paper out") {
    TempDir dir;
    auto printer = makePrinter(dir);
    const auto job = receiptJob();
    printer->failAfterBytes(job.size() / 2);
    auto printed = printer->print(job);
    REQUIRE_FALSE(printed.hasValue());
    CHECK(printed.error().code == ErrorCode::device);
    CHECK(printed.error().message == "打印纸已用完");
    CHECK(printer->printedFiles().empty());
    CHECK(std::filesystem::is_empty(dir.path()));
    CHECK(printer->status()->paperOut);

    // Paper reloaded: the same job prints in full, as receipt 1.
    printer->setPaperOut(false);
    REQUIRE(printer->print(job).hasValue());
    CHECK(printer->printedFiles() == std::vector<std::filesystem::path>{dir.path() / "receipt-0001.png"});
}

TEST_CASE("paper running out in a second receipt keeps the first, already cut") {
    TempDir dir;
    auto printer = makePrinter(dir);
    EscPosWriter w;
    w.init().line("第一张").cut();
    const std::size_t firstReceipt = w.bytes().value().size();
    w.line("第二张").cut();
    printer->failAfterBytes(firstReceipt + 3);
    auto printed = printer->print(w.bytes().value());
    REQUIRE_FALSE(printed.hasValue());
    CHECK(printed.error().message == "打印纸已用完");
    CHECK(printer->printedFiles() == std::vector<std::filesystem::path>{dir.path() / "receipt-0001.png"});
}

TEST_CASE("paper that runs out exactly at the end of a job leaves the job printed") {
    TempDir dir;
    auto printer = makePrinter(dir);
    const auto job = textJob("刚好用完");
    printer->failAfterBytes(job.size());
    REQUIRE(printer->print(job).hasValue());
    CHECK(printer->printedFiles().size() == 1);
    CHECK(printer->status()->paperOut);
}

TEST_CASE("a job that does not parse is refused whole and the printer carries on") {
    TempDir dir;
    auto printer = makePrinter(dir);
    auto job = textJob("半个字");
    job.push_back(0xCA);  // half a GB18030 character
    auto printed = printer->print(job);
    REQUIRE_FALSE(printed.hasValue());
    CHECK(printed.error().code == ErrorCode::invalidInput);
    CHECK(printer->printedFiles().empty());
    CHECK(printer->print(textJob("好了")).hasValue());
    CHECK(printer->printedFiles().size() == 1);
}

TEST_CASE("a QR code wider than the paper is refused instead of being cut off") {
    TempDir dir;
    auto printer = makePrinter(dir, PaperWidth::mm58);
    EscPosWriter w(PaperWidth::mm58);
    w.init().qrCode(std::string(500, 'x'), 16, QrEcc::H).cut();
    auto printed = printer->print(w.bytes().value());
    REQUIRE_FALSE(printed.hasValue());
    CHECK(printed.error().code == ErrorCode::invalidInput);
    CHECK(printer->printedFiles().empty());
}

TEST_CASE("a job that feeds paper without end is refused") {
    TempDir dir;
    auto printer = makePrinter(dir);
    EscPosWriter w;
    for (int i = 0; i < 100; ++i) w.feed(255);
    w.cut();
    auto printed = printer->print(w.bytes().value());
    REQUIRE_FALSE(printed.hasValue());
    CHECK(printed.error().code == ErrorCode::invalidInput);
}

TEST_CASE("two threads printing at once both get their receipts") {
    TempDir dir;
    auto printer = makePrinter(dir);
    const auto job = textJob("并发");
    bool firstOk = false;
    bool secondOk = false;
    std::thread other([&] { secondOk = printer->print(job).hasValue(); });
    firstOk = printer->print(job).hasValue();
    other.join();
    CHECK(firstOk);
    CHECK(secondOk);
    CHECK(printer->printedFiles().size() == 2);
}

TEST_CASE("printer cannot be created where receipts cannot be written") {
    auto printer = SimReceiptPrinter::create("/proc/yimen-no-such-dir/receipts");
    REQUIRE_FALSE(printer.hasValue());
    CHECK(printer.error().code == ErrorCode::io);
}
