// The simulated ID-card reader's SAM module, as the host sees it: a byte stream that answers GA 467 request
// frames with reply frames, for a card laid on it. The real SamIdCardReader talks to it through the real
// StreamSamTransport, so a simulated read runs the same framing, status and text-block code as a real one.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/error.h"
#include "drivers/idcard/sam_transport.h"
#include "common/identity.h"
#include "drivers/protocol/sam_frame.h"

namespace yimen::drivers::sim {

// A card as its chip holds it: the 256-byte text block and the WLT photo.
struct SimCard {
    std::vector<std::uint8_t> textBlock;
    std::vector<std::uint8_t> photoWlt;
    void wipe();
};

// Lays out an Identity as its card's text block (GA/T 490: codes for sex and nation, UCS-2LE fields) with a
// 1024-byte photo when the identity has none. Errors: invalidInput when a field cannot be put on a card (a
// sex or nation that has no code, a character outside the Basic Multilingual Plane). Pure; any thread.
[[nodiscard]] Expected<SimCard> cardOf(const Identity& identity);

// The module's state: which card lies on the reader. Answers find (20 01), select (20 02), read (30 01 and 30
// 10, no fingerprints on the card), and the SAM's own status, reset and id commands (11 FF, 10 FF, 12 FF);
// anything else gets "command error" (SW3 21), a frame with a bad checksum "checksum error" (SW3 10), as a
// reader does. Thread-safe: place() and lift() from a test or demo thread, the stream from the reader's
// thread.
class SimSamModule {
public:
    SimSamModule() = default;
    ~SimSamModule();
    SimSamModule(const SimSamModule&) = delete;
    SimSamModule& operator=(const SimSamModule&) = delete;

    void place(SimCard card);
    void lift();

    // The bytes the module sends back for `request` (any pieces of the host's bytes; whole frames are
    // answered as they complete).
    std::vector<std::uint8_t> receive(std::span<const std::uint8_t> bytes);

    // A byte stream over this module, for idcard::StreamSamTransport. The module must outlive it.
    std::unique_ptr<idcard::ByteStream> openStream();

private:
    std::vector<std::uint8_t> answer(const protocol::SamFrame& request) const;

    mutable std::mutex mutex_;
    std::optional<SimCard> card_;
    protocol::SamFrameDecoder decoder_;
};

}  // namespace yimen::drivers::sim
