// The simulated receipt printer: interprets the real ESC/POS bytes and saves each cut-off receipt as a PNG.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "common/error.h"
#include "drivers/protocol/escpos_types.h"
#include "drivers/receipt_printer.h"

namespace yimen::drivers::glyphs {
class GlyphRasterizer;
}

namespace yimen::drivers::sim {

using glyphs::GlyphRasterizer;
class ThermalPrintHead;

// print() parses the job with parseEscPos (a job that does not parse is refused whole: nothing printed), lays
// it out at widthDots() as ThermalPrintHead describes, and at each cut saves the receipt as
// <outDir>/receipt-0001.png, -0002, ... (numbering continues after files already there, nothing is
// overwritten). The bytes of each job are appended to <outDir>/receipt-NNNN.bin, NNNN being the receipt the
// job started on. What is printed after the last cut stays on the paper and continues with the next job.
//
// Faults for tests and demos: setPaperOut, setPaperNearEnd, setCoverOpen, failAfterBytes. status() reflects
// them. Thread-safe: every call takes the printer's lock (print() holds it for the whole job).
class SimReceiptPrinter final : public ReceiptPrinter {
public:
    // Errors: io when outDir cannot be created; notFound when no CJK font is installed.
    [[nodiscard]] static Expected<std::unique_ptr<SimReceiptPrinter>> create(
        std::filesystem::path outDir, protocol::PaperWidth paper = protocol::PaperWidth::mm80);

    ~SimReceiptPrinter() override;
    SimReceiptPrinter(const SimReceiptPrinter&) = delete;
    SimReceiptPrinter& operator=(const SimReceiptPrinter&) = delete;

    [[nodiscard]] Expected<PrinterStatus> status() override;
    // Errors: device with PrinterStatus::describe() when the status forbids printing; device "打印纸已用完"
    // when the paper runs out mid-job (receipts cut before that point are kept, the uncut part is thrown
    // away); invalidInput when the bytes do not parse or cannot be printed (a QR code too big for the paper,
    // ...); io when a file cannot be written.
    [[nodiscard]] Status print(std::span<const std::uint8_t> escpos) override;
    int widthDots() const override { return protocol::dotsOf(paper_); }

    void setPaperOut(bool out);
    void setPaperNearEnd(bool nearEnd);
    void setCoverOpen(bool open);
    // The paper runs out after `bytes` more bytes have been printed, counted across jobs. A job that crosses
    // the point is cut off there and fails. One-shot: reloading paper (setPaperOut(false)) starts afresh.
    void failAfterBytes(std::size_t bytes);

    // Receipt images saved so far, oldest first.
    std::vector<std::filesystem::path> printedFiles() const;
    // Job byte files written so far, oldest first (a file appears once even when several jobs went into it).
    std::vector<std::filesystem::path> jobFiles() const;
    const std::filesystem::path& outDir() const { return outDir_; }

private:
    SimReceiptPrinter(std::filesystem::path outDir, protocol::PaperWidth paper,
                      std::unique_ptr<GlyphRasterizer> glyphs, int firstNumber);

    PrinterStatus currentStatus() const;
    std::filesystem::path receiptPath(int number, const char* extension) const;
    Status saveJobBytes(int receiptNumber, std::span<const std::uint8_t> escpos);
    Status saveCutReceipts();

    const std::filesystem::path outDir_;
    const protocol::PaperWidth paper_;
    mutable std::mutex mutex_;
    std::unique_ptr<GlyphRasterizer> glyphs_;
    std::unique_ptr<ThermalPrintHead> head_;
    int nextNumber_;
    bool paperOut_ = false;
    bool paperNearEnd_ = false;
    bool coverOpen_ = false;
    std::optional<std::size_t> bytesUntilPaperOut_;
    std::vector<std::filesystem::path> printed_;
    std::vector<std::filesystem::path> jobs_;
};

}  // namespace yimen::drivers::sim
