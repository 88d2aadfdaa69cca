// The receipt printer over USB (printer class, ESC/POS): status, chunked jobs, and a ledger against double
// prints.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "common/error.h"
#include "drivers/printer/glyph_source.h"
#include "drivers/printer/print_job_ledger.h"
#include "drivers/printer/usb_printer_class.h"
#include "drivers/protocol/escpos_types.h"
#include "drivers/receipt_printer.h"
#include "drivers/usb/usb_device.h"
#include "drivers/usb/usb_opener.h"

namespace yimen::drivers::printer {

// How Chinese text reaches the paper: the printer's own GB18030 font (the bytes as the ESC/POS writer made
// them), or images drawn here for printers without a Chinese font (see rasteriseChineseText).
enum class ChineseTextMode { gb18030, raster };

struct UsbPrinterOptions {
    protocol::PaperWidth paper = protocol::PaperWidth::mm80;
    ChineseTextMode chineseText = ChineseTextMode::gb18030;
    // Bulk OUT goes in chunks, each with its own timeout: a printer that stops taking data (paper out, cover
    // open) is noticed within one chunk timeout, and what went out is known to the chunk.
    std::size_t chunkBytes = 4096;
    usb::Timeout chunkTimeout{5000};
    // Each DLE EOT request and its reply.
    usb::Timeout statusTimeout{500};
    usb::Timeout controlTimeout{1000};
    std::size_t ledgerCapacity = PrintJobLedger::kDefaultCapacity;
};

// Opens the device; called again after the device went away. usb::openerFor finds it by vendor and product
// id.
using usb::UsbDeviceOpener;

// The receipt printer on a USB printer-class interface.
//
// Connection: opened lazily on the first call and again after the device went away (any call that meets an
// `unavailable` error drops it), so unplugging and replugging needs no restart. Claiming the interface
// detaches the kernel's usblp.
//
// Status: on a bi-directional interface (protocol 2) DLE EOT 1..4 on bulk OUT, the replies on bulk IN; when
// the printer does not answer, or on a uni-directional interface, the class request GET_PORT_STATUS (paper
// empty, off-line, error only).
//
// Jobs: each job has an id (print() derives it from the bytes with jobIdOf) and a record in the ledger:
//   - a job is sent only after the status allows printing; refused jobs (nothing sent) may be sent again;
//   - a job that stopped midway (paper out, cover opened, unplugged, stalled) is reported with the bytes that
//   went
//     out and whether its cut was reached, and is never sent again by print()/printJob(): only reprint() does
//     that, the explicit action of a citizen or technician;
//   - a printed job sent again through print()/printJob() is not printed twice: the call succeeds at once.
//
// Thread-safe: every call takes the printer's lock (a job holds it until its last chunk).
class UsbReceiptPrinter final : public ReceiptPrinter {
public:
    // `glyphs` is required (and owned) for ChineseTextMode::raster. Errors: invalidInput for raster mode
    // without glyphs or a chunk size of 0. Never touches the device: a printer absent at start-up is not an
    // error here.
    [[nodiscard]] static Expected<std::unique_ptr<UsbReceiptPrinter>> create(
        UsbDeviceOpener opener, UsbPrinterOptions options = {},
        std::unique_ptr<GlyphSource> glyphs = nullptr);

    ~UsbReceiptPrinter() override;
    UsbReceiptPrinter(const UsbReceiptPrinter&) = delete;
    UsbReceiptPrinter& operator=(const UsbReceiptPrinter&) = delete;

    // Errors: unavailable/notFound (no printer), conflict (interface held by another program), timeout, io.
    [[nodiscard]] Expected<PrinterStatus> status() override;

    // printJob(jobIdOf(escpos), escpos).
    [[nodiscard]] Status print(std::span<const std::uint8_t> escpos) override;

    // Sends job `id` unless the ledger says it must not be (see above). Errors:
    //   invalidInput  the bytes are empty or do not parse as ESC/POS (nothing sent)
    //   device        the status forbids printing (nothing sent; the message is PrinterStatus::describe()),
    //   or the
    //                 printer reported a fault during or right after the job (the message says how far it
    //                 got)
    //   conflict      the job was sent before and may be partly or wholly on paper: only reprint() sends it
    //   again unavailable / notFound / timeout / io   the transfer failed (the message says how far the job
    //   got)
    [[nodiscard]] Status printJob(const PrintJobId& id, std::span<const std::uint8_t> escpos);

    // Sends job `id` again, whatever became of it before (the bytes are kept in the ledger). The same errors
    // as printJob, and notFound when the ledger no longer holds the job.
    [[nodiscard]] Status reprint(const PrintJobId& id);

    std::optional<PrintJobRecord> job(const PrintJobId& id) const;
    // Forgets every job and wipes its bytes (at the end of a citizen's session).
    void forgetJobs() override;

    // The printer's IEEE 1284 device ID (GET_DEVICE_ID), asked once per connection.
    // Errors: as status(), and invalidInput for a reply that is not a device ID.
    [[nodiscard]] Expected<Ieee1284DeviceId> deviceId();

    int widthDots() const override { return protocol::dotsOf(options_.paper); }
    // True while a device is open and its printer interface claimed.
    bool connected() const;

private:
    UsbReceiptPrinter(UsbDeviceOpener opener, UsbPrinterOptions options, std::unique_ptr<GlyphSource> glyphs);

    struct Connection {
        std::unique_ptr<usb::UsbDevice> device;
        PrinterInterface iface;
        bool answersDleEot = true;
        bool dleEotAnswered = false;
        std::optional<Ieee1284DeviceId> deviceId;
    };

    Status connectLocked();
    // Drops the connection when `error` says the device is gone; returns `error` either way.
    Error noteLocked(Error error);
    Expected<PrinterStatus> statusLocked();
    Expected<std::optional<PrinterStatus>> dleEotStatusLocked();
    Expected<PrinterStatus> portStatusLocked();
    void drainInLocked();
    Status sendLocked(const PrintJobId& id, std::span<const std::uint8_t> bytes, bool reprinting);

    const UsbDeviceOpener opener_;
    const UsbPrinterOptions options_;
    const std::unique_ptr<GlyphSource> glyphs_;
    mutable std::mutex mutex_;
    std::optional<Connection> connection_;
    PrintJobLedger ledger_;
};

}  // namespace yimen::drivers::printer
