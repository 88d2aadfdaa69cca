// Reading back the QR code of a PNG the simulated receipt printer saved.
#pragma once

#include <filesystem>
#include <string>

namespace yimen::testing {

// The text of the first QR code found in the PNG at `png`; empty when the file cannot be read or holds no
// readable QR code.
std::string decodeQrInPng(const std::filesystem::path& png);

}  // namespace yimen::testing
