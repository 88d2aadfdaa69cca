// SimReceiptPrinter: fault state, job cut-off, and the receipt files; the layout itself is
// ThermalPrintHead's.
#include "drivers/sim/sim_receipt_printer.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>

#include "drivers/protocol/escpos_parser.h"
#include "drivers/glyphs/glyph_rasterizer.h"
#include "drivers/sim/png_file.h"
#include "drivers/sim/thermal_print_head.h"

namespace yimen::drivers::sim {
namespace {

constexpr std::string_view kPrefix = "receipt-";

// The number in "receipt-0042.png" / "receipt-0042.bin", or 0 for any other name.
int receiptNumberOf(const std::filesystem::path& file) {
    const std::string name = file.filename().string();
    const std::string ext = file.extension().string();
    if (name.rfind(kPrefix, 0) != 0 || (ext != ".png" && ext != ".bin")) {
        return 0;
    }
    const std::string digits = name.substr(kPrefix.size(), name.size() - kPrefix.size() - ext.size());
    if (digits.empty() || digits.size() > 9 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return 0;
    }
    return std::stoi(digits);
}

}  // namespace

Expected<std::unique_ptr<SimReceiptPrinter>> SimReceiptPrinter::create(std::filesystem::path outDir,
                                                                       protocol::PaperWidth paper) {
    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    if (ec || !std::filesystem::is_directory(outDir, ec)) {
        return fail(ErrorCode::io, "cannot use " + outDir.string() + " for receipts: " + ec.message());
    }
    int highest = 0;
    for (const auto& entry : std::filesystem::directory_iterator(outDir, ec)) {
        highest = std::max(highest, receiptNumberOf(entry.path()));
    }
    if (ec) {
        return fail(ErrorCode::io, "cannot list " + outDir.string() + ": " + ec.message());
    }
    auto glyphs = GlyphRasterizer::open();
    if (!glyphs) {
        return std::move(glyphs.error()).withContext("starting the simulated printer");
    }
    return std::unique_ptr<SimReceiptPrinter>(
        new SimReceiptPrinter(std::move(outDir), paper, std::move(*glyphs), highest + 1));
}

SimReceiptPrinter::SimReceiptPrinter(std::filesystem::path outDir, protocol::PaperWidth paper,
                                     std::unique_ptr<GlyphRasterizer> glyphs, int firstNumber)
    : outDir_(std::move(outDir)),
      paper_(paper),
      glyphs_(std::move(glyphs)),
      head_(std::make_unique<ThermalPrintHead>(protocol::dotsOf(paper), *glyphs_)),
      nextNumber_(firstNumber) {}

// The print head borrows the rasterizer, so it goes first.
SimReceiptPrinter::~SimReceiptPrinter() {
    head_.reset();
}

PrinterStatus SimReceiptPrinter::currentStatus() const {
    PrinterStatus s;
    s.paperOut = paperOut_;
    s.paperNearEnd = paperNearEnd_;
    s.coverOpen = coverOpen_;
    // A real printer goes off-line while its cover is open or its paper is out.
    s.online = !paperOut_ && !coverOpen_;
    return s;
}

Expected<PrinterStatus> SimReceiptPrinter::status() {
    std::lock_guard lock(mutex_);
    return currentStatus();
}

std::filesystem::path SimReceiptPrinter::receiptPath(int number, const char* extension) const {
    char name[32];
    std::snprintf(name, sizeof name, "receipt-%04d.%s", number, extension);
    return outDir_ / name;
}

Status SimReceiptPrinter::saveJobBytes(int receiptNumber, std::span<const std::uint8_t> escpos) {
    const std::filesystem::path path = receiptPath(receiptNumber, "bin");
    std::ofstream out(path, std::ios::binary | std::ios::app);
    out.write(reinterpret_cast<const char*>(escpos.data()), static_cast<std::streamsize>(escpos.size()));
    out.close();
    if (!out) {
        return fail(ErrorCode::io, "cannot write " + path.string());
    }
    if (std::find(jobs_.begin(), jobs_.end(), path) == jobs_.end()) {
        jobs_.push_back(path);
    }
    return {};
}

Status SimReceiptPrinter::saveCutReceipts() {
    for (const PaperCanvas& receipt : head_->takeCutReceipts()) {
        const std::filesystem::path path = receiptPath(nextNumber_, "png");
        if (Status s = savePng(receipt, path); !s) {
            return s;
        }
        ++nextNumber_;
        printed_.push_back(path);
    }
    return {};
}

Status SimReceiptPrinter::print(std::span<const std::uint8_t> escpos) {
    std::lock_guard lock(mutex_);
    const PrinterStatus before = currentStatus();
    if (!before.canPrint()) {
        return fail(ErrorCode::device, before.describe());
    }
    auto ops = protocol::parseEscPos(escpos);
    if (!ops) {
        return std::move(ops.error()).withContext("printing an ESC/POS job");
    }
    const int startedOn = nextNumber_;
    const bool runsOut = bytesUntilPaperOut_ && *bytesUntilPaperOut_ < escpos.size();
    head_->beginJob();
    for (const protocol::Operation& op : *ops) {
        if (runsOut && op.offset + op.length > *bytesUntilPaperOut_) {
            break;
        }
        if (Status s = head_->execute(op); !s) {
            head_->takeCutReceipts();
            head_->discardUncut();
            return std::move(s.error()).withContext("printing an ESC/POS job at byte " +
                                                    std::to_string(op.offset));
        }
    }
    if (runsOut) {
        // Whatever was cut off before the paper ended is a finished receipt; the rest is lost with the roll.
        head_->discardUncut();
        paperOut_ = true;
        bytesUntilPaperOut_.reset();
        if (Status s = saveCutReceipts(); !s) {
            return s;
        }
        return fail(ErrorCode::device, currentStatus().describe());
    }
    if (bytesUntilPaperOut_) {
        *bytesUntilPaperOut_ -= escpos.size();
        if (*bytesUntilPaperOut_ == 0) {
            paperOut_ = true;
            bytesUntilPaperOut_.reset();
        }
    }
    if (Status s = saveJobBytes(startedOn, escpos); !s) {
        return s;
    }
    return saveCutReceipts();
}

void SimReceiptPrinter::setPaperOut(bool out) {
    std::lock_guard lock(mutex_);
    paperOut_ = out;
    if (!out) {
        bytesUntilPaperOut_.reset();
    }
}

void SimReceiptPrinter::setPaperNearEnd(bool nearEnd) {
    std::lock_guard lock(mutex_);
    paperNearEnd_ = nearEnd;
}

void SimReceiptPrinter::setCoverOpen(bool open) {
    std::lock_guard lock(mutex_);
    coverOpen_ = open;
}

void SimReceiptPrinter::failAfterBytes(std::size_t bytes) {
    std::lock_guard lock(mutex_);
    bytesUntilPaperOut_ = bytes;
}

std::vector<std::filesystem::path> SimReceiptPrinter::printedFiles() const {
    std::lock_guard lock(mutex_);
    return printed_;
}

std::vector<std::filesystem::path> SimReceiptPrinter::jobFiles() const {
    std::lock_guard lock(mutex_);
    return jobs_;
}

}  // namespace yimen::drivers::sim
