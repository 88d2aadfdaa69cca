// The SW3 status table of GA 467 readers, and the errors built from it.
#include "drivers/protocol/sam_status.h"

#include <cstdio>

namespace yimen::drivers::protocol {
namespace {

constexpr const char* kRetry = "读卡失败，请重新放置身份证";
constexpr const char* kReaderFault = "身份证读卡器故障，请联系工作人员";
// The separator between the citizen's sentence and the technical detail in an error message.
constexpr const char* kOpen = "（";

}  // namespace

SamStatusMeaning samStatusMeaning(std::uint8_t sw3) {
    switch (static_cast<SamStatus>(sw3)) {
    case SamStatus::success: return {ErrorCode::device, "读卡成功", "success"};
    case SamStatus::cardFound: return {ErrorCode::device, "已找到身份证", "card found"};
    case SamStatus::hostChecksumError:
        return {ErrorCode::io, kRetry, "the reader received a request with a bad checksum"};
    case SamStatus::hostLengthError:
        return {ErrorCode::io, kRetry, "the reader received a request with a bad length"};
    case SamStatus::commandError: return {ErrorCode::device, kReaderFault, "the reader rejected the command"};
    case SamStatus::unauthorisedOperation:
        return {ErrorCode::device, kReaderFault, "the reader refused an unauthorised operation"};
    case SamStatus::unrecognisedError:
        return {ErrorCode::device, kRetry, "the reader reported an unrecognised error"};
    case SamStatus::cardRejectedSam:
        return {ErrorCode::device, "无法识别此证件，请确认是有效身份证后重新放置",
                "the card failed to authenticate the SAM"};
    case SamStatus::samRejectedCard:
        return {ErrorCode::device, "无法识别此证件，请确认是有效身份证后重新放置",
                "the SAM failed to authenticate the card"};
    case SamStatus::verificationError:
        return {ErrorCode::device, "证件信息校验失败，请重新放置身份证", "information verification error"};
    case SamStatus::unknownCardType:
        return {ErrorCode::device, "无法识别的卡片，请放置身份证或居住证", "unrecognised card type"};
    case SamStatus::readFailed:
        return {ErrorCode::device, "读卡中断，请将身份证放稳后重新读卡",
                "reading the card failed (card moved away?)"};
    case SamStatus::randomNumberFailed:
        return {ErrorCode::device, kRetry, "getting a random number from the card failed"};
    case SamStatus::samSelfTestFailed:
        return {ErrorCode::device, kReaderFault, "the SAM failed its self-test"};
    case SamStatus::samNotAuthorised: return {ErrorCode::device, kReaderFault, "the SAM is not authorised"};
    case SamStatus::noCard: return {ErrorCode::device, "请将身份证放在读卡区", "no card on the reader"};
    case SamStatus::selectFailed:
        return {ErrorCode::device, "读卡中断，请将身份证放稳后重新读卡",
                "selecting the card failed (card moved away?)"};
    case SamStatus::itemAbsent:
        return {ErrorCode::notFound, "证件中没有该项信息", "the card has no such item"};
    }
    return {ErrorCode::device, kRetry, "unknown reader status"};
}

Expected<SamReply> parseSamReply(const SamFrame& frame) {
    if (frame.payload.size() < 3) {
        return fail(ErrorCode::invalidInput, "SAM reply of " + std::to_string(frame.payload.size()) +
                                                 " payload bytes has no SW1 SW2 SW3 status");
    }
    SamReply reply;
    reply.sw1 = frame.payload[0];
    reply.sw2 = frame.payload[1];
    reply.sw3 = frame.payload[2];
    reply.data.assign(frame.payload.begin() + 3, frame.payload.end());
    return reply;
}

std::string samStatusDetail(const SamReply& reply) {
    char sw[32];
    std::snprintf(sw, sizeof sw, "SW %02x %02x %02x", reply.sw1, reply.sw2, reply.sw3);
    return std::string(samStatusMeaning(reply.sw3).technical) + ", " + sw;
}

Error samStatusError(const SamReply& reply) {
    const SamStatusMeaning meaning = samStatusMeaning(reply.sw3);
    return {meaning.code, std::string(meaning.citizen) + kOpen + samStatusDetail(reply) + "）"};
}

std::string samCitizenMessage(const Error& error) {
    // Context may have been prefixed ("reading the card: …"); the citizen's sentence is the part just before
    // the full-width bracket.
    const std::string& m = error.message;
    const auto open = m.find(kOpen);
    if (open == std::string::npos) {
        return kRetry;
    }
    const auto colon = m.rfind(": ", open);
    const std::size_t from = colon == std::string::npos ? 0 : colon + 2;
    return m.substr(from, open - from);
}

}  // namespace yimen::drivers::protocol
