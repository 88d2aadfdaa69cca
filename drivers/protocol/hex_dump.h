// Bytes as hex for error and log messages: what a device sent or was sent, cut short when long.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace yimen::drivers::protocol {

// "aa aa aa 96 69": at most `limit` bytes, then "… (N bytes)" with the full count. Pure; any thread.
std::string hexDump(std::span<const std::uint8_t> bytes, std::size_t limit);

}  // namespace yimen::drivers::protocol
