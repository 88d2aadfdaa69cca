// DLE EOT status decoding, after the Epson TM-T88III / Bixolon SRP-350 tables in reference/PROTOCOLS.md B.2.
#include "drivers/protocol/escpos_status.h"

#include <cstdio>
#include <string>

namespace yimen::drivers::protocol {
namespace {

constexpr std::uint8_t bit(int n) {
    return static_cast<std::uint8_t>(1u << n);
}

std::string hexByte(std::uint8_t b) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned>(b));
    return buf;
}

}  // namespace

std::array<std::uint8_t, 3> statusRequest(StatusQuery query) {
    return {0x10, 0x04, static_cast<std::uint8_t>(query)};
}

bool isStatusReply(std::uint8_t reply) {
    return (reply & 0x93) == 0x12;
}

Status applyStatusReply(StatusQuery query, std::uint8_t reply, PrinterStatus& status) {
    if (!isStatusReply(reply)) {
        return fail(ErrorCode::invalidInput,
                    hexByte(reply) + " is not a reply to DLE EOT " + std::to_string(static_cast<int>(query)));
    }
    switch (query) {
    case StatusQuery::printer:
        if (reply & bit(3)) {
            status.online = false;
        }
        break;
    case StatusQuery::offlineCause:
        status.coverOpen = status.coverOpen || (reply & bit(2));
        status.paperOut = status.paperOut || (reply & bit(5));
        status.error = status.error || (reply & bit(6));
        break;
    case StatusQuery::error: status.error = status.error || (reply & (bit(3) | bit(5) | bit(6))); break;
    case StatusQuery::paperSensor:
        status.paperNearEnd = status.paperNearEnd || (reply & (bit(2) | bit(3)));
        status.paperOut = status.paperOut || (reply & (bit(5) | bit(6)));
        break;
    }
    return {};
}

Expected<PrinterStatus> decodeStatusReplies(const std::array<std::uint8_t, 4>& replies) {
    PrinterStatus status;
    constexpr StatusQuery kOrder[] = {StatusQuery::printer, StatusQuery::offlineCause, StatusQuery::error,
                                      StatusQuery::paperSensor};
    for (std::size_t i = 0; i < replies.size(); ++i) {
        if (Status s = applyStatusReply(kOrder[i], replies[i], status); !s) {
            return s.error();
        }
    }
    return status;
}

}  // namespace yimen::drivers::protocol
