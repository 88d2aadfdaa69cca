// UsbReceiptPrinter: connection, DLE EOT / port status, chunked bulk OUT and the job ledger's rules.
#include "drivers/printer/usb_receipt_printer.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "common/log.h"
#include "drivers/printer/raster_text.h"
#include "drivers/protocol/escpos_parser.h"
#include "drivers/protocol/escpos_status.h"

namespace yimen::drivers::printer {
namespace {

constexpr const char* kLog = "printer";
// Stale bytes (an Automatic Status Back block, a late reply) read off bulk IN before a status poll.
constexpr int kMaxDrainReads = 8;
constexpr usb::Timeout kDrainTimeout{1};
// Reads per DLE EOT request: a reply may follow a stale block in a separate transfer.
constexpr int kMaxReplyReads = 3;

constexpr protocol::StatusQuery kQueries[] = {
    protocol::StatusQuery::printer, protocol::StatusQuery::offlineCause, protocol::StatusQuery::error,
    protocol::StatusQuery::paperSensor};

std::string hex4(std::uint16_t v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04x", static_cast<unsigned>(v));
    return buf;
}

// Both USB backends say how much of a failed write went out: "... (N of M bytes written)".
std::optional<std::size_t> bytesWrittenIn(const std::string& message) {
    const std::size_t end = message.rfind(" bytes written)");
    if (end == std::string::npos) {
        return std::nullopt;
    }
    const std::size_t open = message.rfind('(', end);
    if (open == std::string::npos) {
        return std::nullopt;
    }
    std::size_t written = 0;
    std::size_t total = 0;
    if (std::sscanf(message.c_str() + open, "(%zu of %zu bytes written)", &written, &total) != 2 ||
        written > total) {
        return std::nullopt;
    }
    return written;
}

// The end of the job's last cut: once the printer has that many bytes, the receipt can come off whole.
Expected<std::size_t> lastCutEnd(std::span<const std::uint8_t> job) {
    auto ops = protocol::parseEscPos(job);
    if (!ops) {
        return ops.error();
    }
    std::size_t end = 0;
    for (const protocol::Operation& op : *ops) {
        if (std::holds_alternative<protocol::Cut>(op.command)) {
            end = op.offset + op.length;
        }
    }
    return end;
}

std::string describeProgress(std::size_t sent, bool uncertain, std::size_t total, std::size_t cutEnd) {
    std::string s = "stopped after " + std::to_string(sent) + (uncertain ? " or more" : "") + " of " +
                    std::to_string(total) + " bytes";
    if (cutEnd == 0) {
        s += " (the job has no cut)";
    } else if (sent >= cutEnd) {
        s += " (the cut was reached)";
    } else {
        s += " (the cut was not reached)";
    }
    return s;
}

}  // namespace

Expected<std::unique_ptr<UsbReceiptPrinter>> UsbReceiptPrinter::create(UsbDeviceOpener opener,
                                                                       UsbPrinterOptions options,
                                                                       std::unique_ptr<GlyphSource> glyphs) {
    if (!opener) {
        return fail(ErrorCode::invalidInput, "receipt printer: no way to open the device");
    }
    if (options.chunkBytes == 0) {
        return fail(ErrorCode::invalidInput, "receipt printer: chunk size 0");
    }
    if (options.chineseText == ChineseTextMode::raster && !glyphs) {
        return fail(ErrorCode::invalidInput, "receipt printer: raster mode needs a font");
    }
    return std::unique_ptr<UsbReceiptPrinter>(
        new UsbReceiptPrinter(std::move(opener), options, std::move(glyphs)));
}

UsbReceiptPrinter::UsbReceiptPrinter(UsbDeviceOpener opener, UsbPrinterOptions options,
                                     std::unique_ptr<GlyphSource> glyphs)
    : opener_(std::move(opener)),
      options_(options),
      glyphs_(std::move(glyphs)),
      ledger_(options.ledgerCapacity) {}

UsbReceiptPrinter::~UsbReceiptPrinter() {
    std::lock_guard lock(mutex_);
    if (connection_) {
        // Gives the interface back to usblp; a failure (already unplugged) changes nothing.
        (void)connection_->device->releaseInterface(connection_->iface.number);
    }
}

bool UsbReceiptPrinter::connected() const {
    std::lock_guard lock(mutex_);
    return connection_.has_value();
}

Status UsbReceiptPrinter::connectLocked() {
    if (connection_) {
        return {};
    }
    auto device = opener_();
    if (!device) {
        return Error(device.error()).withContext("opening the receipt printer");
    }
    if (!*device) {
        return fail(ErrorCode::notFound, "opening the receipt printer: no device");
    }
    auto iface = findPrinterInterface((*device)->info());
    if (!iface) {
        return Error(iface.error()).withContext("opening the receipt printer");
    }
    if (Status s = (*device)->claimInterface(iface->number); !s) {
        return Error(s.error()).withContext("claiming the receipt printer's interface");
    }
    const usb::UsbDeviceInfo& info = (*device)->info();
    log::info(kLog, "connected to " + hex4(info.id.vendor) + ":" + hex4(info.id.product) + " " +
                        info.manufacturer + " " + info.product +
                        (iface->bidirectional() ? ", bi-directional" : ", uni-directional"));
    connection_ = Connection{std::move(*device), *iface, true, false, std::nullopt};
    return {};
}

Error UsbReceiptPrinter::noteLocked(Error error) {
    if (error.code == ErrorCode::unavailable && connection_) {
        log::warn(kLog, "the printer went away: " + error.message);
        connection_.reset();
    }
    return error;
}

void UsbReceiptPrinter::drainInLocked() {
    for (int i = 0; i < kMaxDrainReads; ++i) {
        auto stale = connection_->device->read(*connection_->iface.inEndpoint,
                                               connection_->iface.inMaxPacketSize, kDrainTimeout);
        if (!stale || stale->empty()) {
            return;
        }
    }
}

Expected<std::optional<PrinterStatus>> UsbReceiptPrinter::dleEotStatusLocked() {
    usb::UsbDevice& device = *connection_->device;
    const std::uint8_t out = connection_->iface.outEndpoint;
    const std::uint8_t in = *connection_->iface.inEndpoint;
    drainInLocked();
    PrinterStatus status;
    for (protocol::StatusQuery query : kQueries) {
        const auto request = protocol::statusRequest(query);
        auto written = device.write(out, request, options_.statusTimeout);
        if (!written) {
            if (written.error().code == ErrorCode::unavailable) {
                return noteLocked(written.error());
            }
            if (written.error().code == ErrorCode::device) {
                (void)device.clearHalt(out);
            }
            // A printer whose buffer is full takes no request now; the control pipe still answers.
            return std::optional<PrinterStatus>();
        }
        std::optional<std::uint8_t> reply;
        for (int attempt = 0; attempt < kMaxReplyReads && !reply; ++attempt) {
            auto bytes = device.read(in, connection_->iface.inMaxPacketSize, options_.statusTimeout);
            if (!bytes) {
                if (bytes.error().code == ErrorCode::unavailable) {
                    return noteLocked(bytes.error());
                }
                if (bytes.error().code == ErrorCode::device) {
                    (void)device.clearHalt(in);
                }
                break;
            }
            reply = findStatusReply(*bytes);
        }
        if (!reply) {
            // A printer that has never answered does not speak DLE EOT (many cheap models): stop asking. One
            // that has answered before is only busy now: the port status stands in for this poll.
            if (!connection_->dleEotAnswered) {
                log::info(kLog, "no reply to DLE EOT; reading the port status from now on");
                connection_->answersDleEot = false;
            }
            return std::optional<PrinterStatus>();
        }
        connection_->dleEotAnswered = true;
        if (Status s = protocol::applyStatusReply(query, *reply, status); !s) {
            return s.error();
        }
    }
    return std::optional<PrinterStatus>(status);
}

Expected<PrinterStatus> UsbReceiptPrinter::portStatusLocked() {
    auto reply = connection_->device->controlIn(kClassInterfaceIn, kRequestGetPortStatus, 0,
                                                connection_->iface.number, 1, options_.controlTimeout);
    if (!reply) {
        return noteLocked(Error(reply.error()).withContext("GET_PORT_STATUS"));
    }
    if (reply->empty()) {
        return fail(ErrorCode::io, "GET_PORT_STATUS: empty reply");
    }
    return decodePortStatus(reply->front());
}

Expected<PrinterStatus> UsbReceiptPrinter::statusLocked() {
    if (Status s = connectLocked(); !s) {
        return s.error();
    }
    if (connection_->iface.bidirectional() && connection_->answersDleEot) {
        auto polled = dleEotStatusLocked();
        if (!polled) {
            return polled.error();
        }
        if (*polled) {
            return **polled;
        }
        if (!connection_) {
            return fail(ErrorCode::unavailable, "the printer went away");
        }
    }
    return portStatusLocked();
}

Expected<PrinterStatus> UsbReceiptPrinter::status() {
    std::lock_guard lock(mutex_);
    auto s = statusLocked();
    if (!s) {
        return Error(s.error()).withContext("reading the printer status");
    }
    return s;
}

Status UsbReceiptPrinter::print(std::span<const std::uint8_t> escpos) {
    return printJob(jobIdOf(escpos), escpos);
}

Status UsbReceiptPrinter::printJob(const PrintJobId& id, std::span<const std::uint8_t> escpos) {
    std::lock_guard lock(mutex_);
    if (escpos.empty()) {
        return fail(ErrorCode::invalidInput, "printing " + id + ": the job is empty");
    }
    switch (ledger_.decide(id)) {
    case PrintDecision::alreadyPrinted:
        log::info(kLog, id + " was printed before; not printing it twice");
        return {};
    case PrintDecision::askFirst: {
        const PrintJobRecord r = *ledger_.find(id);
        return fail(ErrorCode::conflict, "printing " + id + ": it was sent before and is " +
                                             toString(r.state) + " (" + std::to_string(r.bytesSent) + " of " +
                                             std::to_string(r.totalBytes) +
                                             " bytes); only a reprint sends it again");
    }
    case PrintDecision::send: break;
    }
    if (options_.chineseText == ChineseTextMode::raster) {
        auto raster = rasteriseChineseText(escpos, options_.paper, *glyphs_);
        if (!raster) {
            return Error(raster.error()).withContext("printing " + id);
        }
        return sendLocked(id, *raster, false);
    }
    return sendLocked(id, escpos, false);
}

Status UsbReceiptPrinter::reprint(const PrintJobId& id) {
    std::lock_guard lock(mutex_);
    auto bytes = ledger_.bytes(id);
    if (!bytes) {
        return fail(ErrorCode::notFound, "reprinting " + id + ": the job is no longer kept");
    }
    log::info(kLog, "reprinting " + id + " on request");
    return sendLocked(id, *bytes, true);
}

Status UsbReceiptPrinter::sendLocked(const PrintJobId& id, std::span<const std::uint8_t> bytes,
                                     bool reprinting) {
    const std::string what = (reprinting ? "reprinting " : "printing ") + id;
    auto cutEnd = lastCutEnd(bytes);
    if (!cutEnd) {
        return Error(cutEnd.error()).withContext(what);
    }
    const std::size_t total = bytes.size();
    PrintJobRecord record = ledger_.find(id).value_or(PrintJobRecord{});
    record.id = id;
    record.totalBytes = total;
    record.bytesSent = 0;
    record.cutReached = false;
    record.lastError.reset();

    const auto refuse = [&](Error error) -> Status {
        error = std::move(error).withContext(what + " (nothing sent)");
        record.state = PrintJobState::refused;
        record.lastError = error;
        ledger_.record(record, bytes);
        log::warn(kLog, error.message);
        return error;
    };

    auto before = statusLocked();
    if (!before) {
        return refuse(before.error());
    }
    if (!before->canPrint()) {
        return refuse(Error(ErrorCode::device, before->describe()));
    }

    std::size_t sent = 0;
    while (sent < total) {
        const std::size_t n = std::min(options_.chunkBytes, total - sent);
        auto written = connection_->device->write(connection_->iface.outEndpoint, bytes.subspan(sent, n),
                                                  options_.chunkTimeout);
        if (written && *written > 0) {
            sent += std::min(*written, n);
            continue;
        }
        const Error transfer =
            written ? Error(ErrorCode::timeout, "the printer took no bytes") : noteLocked(written.error());
        std::size_t confirmed = sent;
        bool uncertain = false;
        if (const auto extra = bytesWrittenIn(transfer.message); extra && *extra <= n) {
            confirmed += *extra;
        } else if (!written) {
            uncertain = true;
        }
        if (transfer.code == ErrorCode::device && connection_) {
            (void)connection_->device->clearHalt(connection_->iface.outEndpoint);
        }
        std::optional<PrinterStatus> after;
        if (connection_) {
            if (auto s = statusLocked()) {
                after = *s;
            }
        }
        record.bytesSent = confirmed;
        record.cutReached = *cutEnd > 0 && confirmed >= *cutEnd;
        record.state = (confirmed == 0 && !uncertain) ? PrintJobState::refused : PrintJobState::partial;
        const std::string progress = describeProgress(confirmed, uncertain, total, *cutEnd);
        Error error = after && !after->canPrint()
                          ? Error(ErrorCode::device,
                                  progress + ": " + after->describe() + " (" + transfer.message + ")")
                          : Error(transfer.code, progress + ": " + transfer.message);
        error = std::move(error).withContext(what);
        record.lastError = error;
        ledger_.record(record, bytes);
        log::warn(kLog, error.message);
        return error;
    }

    record.bytesSent = total;
    record.cutReached = *cutEnd > 0;
    ++record.timesSent;
    auto after = statusLocked();
    if (after && !after->canPrint()) {
        record.state = PrintJobState::sent;
        Error error(ErrorCode::device, "all " + std::to_string(total) +
                                           " bytes sent, then the printer reported " + after->describe() +
                                           ": the receipt may be incomplete");
        error = std::move(error).withContext(what);
        record.lastError = error;
        ledger_.record(record, bytes);
        log::warn(kLog, error.message);
        return error;
    }
    if (!after) {
        // Every byte reached the printer; whether it printed them cannot be known now.
        record.state = PrintJobState::sent;
        record.lastError = after.error();
        log::warn(kLog, what + ": all bytes sent; status afterwards unknown: " + after.error().message);
    } else {
        record.state = PrintJobState::printed;
    }
    ledger_.record(record, bytes);
    return {};
}

std::optional<PrintJobRecord> UsbReceiptPrinter::job(const PrintJobId& id) const {
    std::lock_guard lock(mutex_);
    return ledger_.find(id);
}

void UsbReceiptPrinter::forgetJobs() {
    std::lock_guard lock(mutex_);
    ledger_.forgetAll();
}

Expected<Ieee1284DeviceId> UsbReceiptPrinter::deviceId() {
    std::lock_guard lock(mutex_);
    if (Status s = connectLocked(); !s) {
        return s.error();
    }
    if (connection_->deviceId) {
        return *connection_->deviceId;
    }
    const PrinterInterface& iface = connection_->iface;
    const auto index = static_cast<std::uint16_t>((iface.number << 8) | iface.alternate);
    auto reply = connection_->device->controlIn(kClassInterfaceIn, kRequestGetDeviceId, 0, index,
                                                kMaxDeviceIdBytes, options_.controlTimeout);
    if (!reply) {
        return noteLocked(Error(reply.error()).withContext("GET_DEVICE_ID"));
    }
    auto id = parseDeviceIdReply(*reply);
    if (!id) {
        return Error(id.error()).withContext("GET_DEVICE_ID");
    }
    connection_->deviceId = *id;
    return *id;
}

}  // namespace yimen::drivers::printer
