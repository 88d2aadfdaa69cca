// The data of a successful "read card" reply (30 01 text+photo, 30 10 text+photo+fingerprints), and the
// Identity made from it.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "common/identity.h"
#include "drivers/protocol/id_text_block.h"

namespace yimen::drivers::protocol {

// What a read returns. Personal data: wipe() when done.
struct IdCardRecord {
    IdCardText text;
    std::vector<std::uint8_t> photoWlt;      // the card's WLT photo file, opaque: never decoded here
    std::vector<std::uint8_t> fingerprints;  // 0, 512 or 1024 bytes of feature data; empty for 30 01

    void wipe();
};

// Parses the data after SW1 SW2 SW3: TEXT_LEN PHOTO_LEN [FP_LEN] (big-endian) then the parts in that order.
// The lengths must add up to exactly what arrived and the text must be a 256-byte block.
// Errors: invalidInput (lengths or text block); the text block's errors as parseIdTextBlock. Pure.
[[nodiscard]] Expected<IdCardRecord> parseReadCardData(std::span<const std::uint8_t> data,
                                                       bool withFingerprints, std::string_view todayYmd = {});

// The record as the kiosk's Identity: the Chinese name (or the English one when a foreigner card has none),
// 男/女/未知, the nation for resident cards, dates as YYYY-MM-DD. Moves the data out and wipes `record`.
Identity toIdentity(IdCardRecord&& record);

// Builds the data part of a read reply from its pieces (tests, fixtures, the simulated readers).
std::vector<std::uint8_t> buildReadCardData(std::span<const std::uint8_t> textBlock,
                                            std::span<const std::uint8_t> photo,
                                            std::span<const std::uint8_t> fingerprints,
                                            bool withFingerprints);

}  // namespace yimen::drivers::protocol
