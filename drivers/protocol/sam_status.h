// SAM replies: the SW1 SW2 SW3 status, what each SW3 means, and the error it becomes.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/error.h"
#include "drivers/protocol/sam_frame.h"

namespace yimen::drivers::protocol {

// SW3, the reader's own status (SW1 SW2 forward the card's APDU status and are only reported).
enum class SamStatus : std::uint8_t {
    success = 0x90,
    cardFound = 0x9F,
    hostChecksumError = 0x10,
    hostLengthError = 0x11,
    commandError = 0x21,
    unauthorisedOperation = 0x23,
    unrecognisedError = 0x24,
    cardRejectedSam = 0x31,
    samRejectedCard = 0x32,
    verificationError = 0x33,
    unknownCardType = 0x40,
    readFailed = 0x41,
    randomNumberFailed = 0x47,
    samSelfTestFailed = 0x60,
    samNotAuthorised = 0x66,
    noCard = 0x80,
    selectFailed = 0x81,
    itemAbsent = 0x91,
};

// What a status means, in two voices: a short Chinese sentence for the citizen at the terminal, and the
// technical fact for logs and technicians.
struct SamStatusMeaning {
    ErrorCode code = ErrorCode::device;  // the code an error with this status carries
    const char* citizen = "";            // e.g. "请将身份证放稳，重新读卡"
    const char* technical = "";          // e.g. "reading the card failed"
};

// Known for every value of SW3; unknown values get a generic meaning that still says which byte came.
SamStatusMeaning samStatusMeaning(std::uint8_t sw3);

// A decoded reply frame.
struct SamReply {
    std::uint8_t sw1 = 0;
    std::uint8_t sw2 = 0;
    std::uint8_t sw3 = 0;
    std::vector<std::uint8_t> data;

    bool is(SamStatus status) const { return sw3 == static_cast<std::uint8_t>(status); }
};

// Errors: invalidInput when the payload is shorter than the three status bytes.
[[nodiscard]] Expected<SamReply> parseSamReply(const SamFrame& frame);

// The error for a reply that did not succeed: the status's code, and a message "<citizen>（<technical>,
// SW 00 00 41）" so the log and the screen both have what they need. Use samCitizenMessage to show only the
// Chinese part.
Error samStatusError(const SamReply& reply);

// The technical part alone: "reading the card failed (card moved away?), SW 00 00 41".
std::string samStatusDetail(const SamReply& reply);

// The Chinese sentence for the citizen that an error from this module begins with, or the generic "读卡失败，
// 请重新放置身份证" when the message has none.
std::string samCitizenMessage(const Error& error);

}  // namespace yimen::drivers::protocol
