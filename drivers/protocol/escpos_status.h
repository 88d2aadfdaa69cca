// ESC/POS real-time status: the DLE EOT (10 04 n) request and the decoding of its one-byte replies.
#pragma once

#include <array>
#include <cstdint>

#include "common/error.h"
#include "drivers/receipt_printer.h"

namespace yimen::drivers::protocol {

// The n of DLE EOT n: which status byte the printer sends back.
enum class StatusQuery : std::uint8_t { printer = 1, offlineCause = 2, error = 3, paperSensor = 4 };

// The request bytes 10 04 n.
std::array<std::uint8_t, 3> statusRequest(StatusQuery query);

// True when `reply` has the fixed bits of every DLE EOT reply (bit 0 = 0, bit 1 = 1, bit 4 = 1, bit 7 = 0,
// i.e. (reply & 0x93) == 0x12). Automatic Status Back bytes and stray data fail this test.
bool isStatusReply(std::uint8_t reply);

// Folds the reply to `query` into `status` (reference/PROTOCOLS.md B.2). It only ever raises trouble:
//   printer      bit 3 -> online = false
//   offlineCause bit 2 -> coverOpen, bit 5 -> paperOut (printing stopped by paper end), bit 6 -> error
//   error        bit 3 (auto-cutter), bit 5 (unrecoverable), bit 6 (auto-recoverable) -> error
//   paperSensor  bit 2 or 3 -> paperNearEnd, bit 5 or 6 -> paperOut
// so start from a default PrinterStatus for each poll and apply the replies in any order.
// Errors: invalidInput when the byte is not a DLE EOT reply; `status` is then left unchanged. Pure; any
// thread.
[[nodiscard]] Status applyStatusReply(StatusQuery query, std::uint8_t reply, PrinterStatus& status);

// The status from the replies to n = 1, 2, 3, 4, in that order. Errors: invalidInput naming the bad reply.
[[nodiscard]] Expected<PrinterStatus> decodeStatusReplies(const std::array<std::uint8_t, 4>& replies);

}  // namespace yimen::drivers::protocol
