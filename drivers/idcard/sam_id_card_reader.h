// The real ID-card reader: GA 467 SAM commands over any SamTransport, implementing IdCardReader.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/error.h"
#include "drivers/id_card_reader.h"
#include "drivers/idcard/sam_transport.h"
#include "drivers/protocol/sam_read_reply.h"
#include "drivers/protocol/sam_status.h"

namespace yimen::drivers::idcard {

struct SamReaderOptions {
    // Per-command limits. A 1295-byte reply takes about 112 ms on the wire at 115200 bit/s, 2321 bytes 201
    // ms.
    Timeout findTimeout{200};
    Timeout selectTimeout{200};
    Timeout readTimeout{700};
    Timeout statusTimeout{300};
    // A whole readCard() never takes longer than this.
    Timeout readCardBudget{1000};
    // Read with fingerprints (30 10) instead of text and photo only (30 01).
    bool readFingerprints = false;
    // After this many failures in a row that point at the link (timeouts, corrupted replies, I/O errors) the
    // transport is closed and opened afresh on the next call, which also sets a serial bridge up again.
    int failuresBeforeReconnect = 3;
    // YYYYMMDD used to check birth dates; empty means today. For tests.
    std::string todayYmd;
};

// Opens the transport: called on the first use and again after the reader was unplugged or the link failed.
using SamConnector = std::function<Expected<std::unique_ptr<SamTransport>>()>;

// Thread-safe (one command at a time). Every command is bounded by its timeout; readCard() by
// readCardBudget. Errors carry a message "<Chinese sentence for the citizen>（<technical detail>）";
// protocol::samCitizenMessage() extracts the sentence.
class SamIdCardReader final : public IdCardReader {
public:
    SamIdCardReader(SamConnector connect, SamReaderOptions options = {});
    ~SamIdCardReader() override;
    SamIdCardReader(const SamIdCardReader&) = delete;
    SamIdCardReader& operator=(const SamIdCardReader&) = delete;

    // Find, select, read. nullopt when no card is on the reader. Errors: unavailable (no reader plugged in,
    // or unplugged: the next call reconnects), device (a reader or SAM fault, or the card taken away
    // mid-read), timeout (the reader did not answer in time), invalidInput (a corrupted reply or card data
    // that fails its checks).
    [[nodiscard]] Expected<std::optional<Identity>> readCard() override;

    // The same read with everything the card holds (English name, nationality, permit numbers, fingerprints).
    // Personal data: the caller wipes the record.
    [[nodiscard]] Expected<std::optional<protocol::IdCardRecord>> readRecord();

    // The SAM's self-check (11 FF). Errors as readCard, with the SAM's own fault when it has one.
    [[nodiscard]] Status checkSam();
    // Resets the SAM (10 FF).
    [[nodiscard]] Status resetSam();
    // The SAM's identification data (12 FF) as hex, for the technician screen.
    [[nodiscard]] Expected<std::string> samId();

    // The transport in use, or why there is none; for logs and the technician screen.
    std::string describe() const;

private:
    Expected<protocol::SamReply> command(protocol::SamCommand command, Deadline deadline);
    Status simpleCommand(protocol::SamCommand command, const char* what);
    Status ensureConnected();
    void noteLinkFailure(const Error& error);
    Expected<std::optional<protocol::IdCardRecord>> readRecordLocked();

    SamConnector connect_;
    SamReaderOptions options_;
    mutable std::mutex mutex_;
    std::unique_ptr<SamTransport> transport_;
    std::string lastConnectError_;
    int linkFailures_ = 0;
};

}  // namespace yimen::drivers::idcard
