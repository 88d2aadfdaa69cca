// QR symbols for the simulated printer: the module matrix a printer builds from the bytes stored by GS ( k.
#pragma once

#include <string_view>

#include "common/error.h"
#include "drivers/protocol/escpos_types.h"

namespace yimen::drivers::sim {

// The model 2 symbol of `data`, one bitmap dot per module, without quiet zone. The bytes are encoded as they
// are (byte mode without an ECI header, or a denser mode when the data allows), as a printer encodes stored
// data. Errors: invalidInput when the data is empty or does not fit a version 40 symbol at `ecc`. Any thread.
[[nodiscard]] Expected<protocol::MonoBitmap> qrModules(std::string_view data, protocol::QrEcc ecc);

}  // namespace yimen::drivers::sim
