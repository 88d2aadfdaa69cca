// libFuzzer target: the ESC/POS status decoders (DLE EOT replies, GET_PORT_STATUS, bulk IN bytes, IEEE 1284
// IDs).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "drivers/printer/usb_printer_class.h"
#include "drivers/protocol/escpos_status.h"

using namespace yimen;
using namespace yimen::drivers;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> bytes(data, size);

    if (size >= 4) {
        const std::array<std::uint8_t, 4> replies = {data[0], data[1], data[2], data[3]};
        auto status = protocol::decodeStatusReplies(replies);
        // Decoding succeeds exactly when all four bytes are DLE EOT replies.
        bool allReplies = true;
        for (std::uint8_t r : replies) {
            allReplies = allReplies && protocol::isStatusReply(r);
        }
        if (status.hasValue() != allReplies) {
            __builtin_trap();
        }
        if (status && status->describe().empty()) {
            __builtin_trap();
        }
    }

    PrinterStatus folded;
    for (std::size_t i = 0; i < size; ++i) {
        const auto query = static_cast<protocol::StatusQuery>(1 + i % 4);
        const PrinterStatus before = folded;
        if (!protocol::applyStatusReply(query, data[i], folded).hasValue()) {
            // A refused byte leaves the status unchanged.
            if (folded.online != before.online || folded.paperOut != before.paperOut ||
                folded.paperNearEnd != before.paperNearEnd || folded.coverOpen != before.coverOpen ||
                folded.error != before.error) {
                __builtin_trap();
            }
        }
    }

    if (const auto reply = printer::findStatusReply(bytes); reply && !protocol::isStatusReply(*reply)) {
        __builtin_trap();
    }
    if (size > 0) {
        const PrinterStatus port = printer::decodePortStatus(data[0]);
        if (port.describe().empty()) {
            __builtin_trap();
        }
    }
    if (auto id = printer::parseDeviceIdReply(bytes)) {
        if (id->fields.empty()) {
            __builtin_trap();
        }
        (void)id->supportsCommandSet("ESC/POS");
    }
    return 0;
}
