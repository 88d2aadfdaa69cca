// Fuzz target: parseEscPos on arbitrary bytes must return operations or invalidInput, and never crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "drivers/protocol/escpos_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto ops = yimen::drivers::protocol::parseEscPos({data, size});
    if (ops) {
        // The operations account for every byte, in order.
        std::size_t next = 0;
        for (const auto& op : *ops) {
            if (op.offset != next || op.length == 0) {
                std::abort();
            }
            next = op.offset + op.length;
        }
        if (next != size) {
            std::abort();
        }
    } else if (ops.error().code != yimen::ErrorCode::invalidInput) {
        std::abort();
    }
    return 0;
}
