// The SAM reader's command flow (find → select → read), its time budget, and the errors a citizen can act on.
#include "drivers/idcard/sam_id_card_reader.h"

#include <algorithm>

#include "common/log.h"
#include "drivers/protocol/hex_dump.h"

namespace yimen::drivers::idcard {
namespace {

constexpr const char* kLog = "idcard";

constexpr const char* kNotConnected = "身份证读卡器未连接，请联系工作人员";
constexpr const char* kNoAnswer = "身份证读卡器无响应，请联系工作人员";
constexpr const char* kInterrupted = "读卡中断，请将身份证放稳后重新读卡";
constexpr const char* kUnreadable = "无法读取证件信息，请重新放置身份证";

Error citizenError(ErrorCode code, const std::string& citizen, const std::string& technical) {
    return {code, citizen + "（" + technical + "）"};
}

Deadline stepDeadline(Timeout limit, Deadline overall) {
    return std::min(Clock::now() + limit, overall);
}

bool cardWentAway(const protocol::SamReply& reply) {
    return reply.is(protocol::SamStatus::noCard) || reply.is(protocol::SamStatus::selectFailed) ||
           reply.is(protocol::SamStatus::readFailed);
}

}  // namespace

SamIdCardReader::SamIdCardReader(SamConnector connect, SamReaderOptions options)
    : connect_(std::move(connect)), options_(std::move(options)) {}

SamIdCardReader::~SamIdCardReader() = default;

std::string SamIdCardReader::describe() const {
    std::lock_guard lock(mutex_);
    if (transport_) {
        return transport_->describe();
    }
    return lastConnectError_.empty() ? "not connected yet" : "not connected: " + lastConnectError_;
}

Status SamIdCardReader::ensureConnected() {
    if (transport_) {
        return {};
    }
    auto opened = connect_();
    if (!opened) {
        const Error& e = opened.error();
        if (lastConnectError_ != e.message) {
            log::warn(kLog, "ID-card reader not available: " + e.message);
        }
        lastConnectError_ = e.message;
        const ErrorCode code = e.code == ErrorCode::notFound ? ErrorCode::unavailable : e.code;
        return fail(citizenError(code, kNotConnected, e.message));
    }
    transport_ = std::move(*opened);
    lastConnectError_.clear();
    linkFailures_ = 0;
    log::info(kLog, "ID-card reader connected: " + transport_->describe());
    return {};
}

void SamIdCardReader::noteLinkFailure(const Error& error) {
    if (error.code == ErrorCode::unavailable) {
        log::warn(kLog, "ID-card reader unplugged: " + error.message);
        transport_.reset();
        linkFailures_ = 0;
        return;
    }
    if (++linkFailures_ >= options_.failuresBeforeReconnect) {
        log::warn(kLog, "ID-card reader link failed " + std::to_string(linkFailures_) +
                            " times in a row; reconnecting: " + error.message);
        transport_.reset();
        linkFailures_ = 0;
    }
}

Expected<protocol::SamReply> SamIdCardReader::command(protocol::SamCommand command, Deadline deadline) {
    auto request = protocol::encodeSamRequest(command);
    if (!request) {
        return fail(request.error());
    }
    auto frame = transport_->exchange(*request, deadline);
    if (!frame) {
        noteLinkFailure(frame.error());
        return fail(frame.error());
    }
    auto reply = protocol::parseSamReply(*frame);
    wipeBytes(frame->payload);
    if (!reply) {
        noteLinkFailure(reply.error());
        return fail(reply.error());
    }
    linkFailures_ = 0;
    return reply;
}

Expected<std::optional<protocol::IdCardRecord>> SamIdCardReader::readRecord() {
    std::lock_guard lock(mutex_);
    return readRecordLocked();
}

Expected<std::optional<protocol::IdCardRecord>> SamIdCardReader::readRecordLocked() {
    const Deadline deadline = Clock::now() + options_.readCardBudget;
    if (auto connected = ensureConnected(); !connected) {
        return fail(connected.error());
    }

    auto found = command(protocol::sam::kFindCard, stepDeadline(options_.findTimeout, deadline));
    if (!found) {
        const Error& e = found.error();
        if (e.code == ErrorCode::unavailable) {
            return fail(citizenError(e.code, kNotConnected, "finding a card: " + e.message));
        }
        return fail(citizenError(e.code,
                                 e.code == ErrorCode::timeout ? kNoAnswer : protocol::samCitizenMessage(e),
                                 "finding a card: " + e.message));
    }
    if (found->is(protocol::SamStatus::noCard)) {
        return std::optional<protocol::IdCardRecord>{};
    }
    if (!found->is(protocol::SamStatus::cardFound)) {
        return fail(protocol::samStatusError(*found).withContext("finding a card"));
    }

    // From here on a card is there: a failure most often means it was moved away.
    auto interrupted = [](const Error& e, const char* step) {
        return citizenError(e.code, e.code == ErrorCode::unavailable ? kNotConnected : kInterrupted,
                            std::string(step) + ": " + e.message);
    };
    auto selected = command(protocol::sam::kSelectCard, stepDeadline(options_.selectTimeout, deadline));
    if (!selected) {
        return fail(interrupted(selected.error(), "selecting the card"));
    }
    if (cardWentAway(*selected)) {
        return fail(
            citizenError(ErrorCode::device, kInterrupted,
                         "card taken away before it was selected: " + protocol::samStatusDetail(*selected)));
    }
    if (!selected->is(protocol::SamStatus::success)) {
        return fail(protocol::samStatusError(*selected).withContext("selecting the card"));
    }

    const auto readCommand =
        options_.readFingerprints ? protocol::sam::kReadWithFingerprint : protocol::sam::kReadBaseInfo;
    auto read = command(readCommand, stepDeadline(options_.readTimeout, deadline));
    if (!read) {
        return fail(interrupted(read.error(), "reading the card"));
    }
    if (cardWentAway(*read)) {
        return fail(citizenError(ErrorCode::device, kInterrupted,
                                 "card taken away during the read: " + protocol::samStatusDetail(*read)));
    }
    if (!read->is(protocol::SamStatus::success)) {
        return fail(protocol::samStatusError(*read).withContext("reading the card"));
    }
    auto record = protocol::parseReadCardData(read->data, options_.readFingerprints, options_.todayYmd);
    wipeBytes(read->data);
    if (!record) {
        return fail(citizenError(ErrorCode::invalidInput, kUnreadable, record.error().message));
    }
    return std::optional<protocol::IdCardRecord>(std::move(*record));
}

Expected<std::optional<Identity>> SamIdCardReader::readCard() {
    auto record = readRecord();
    if (!record) {
        return fail(record.error());
    }
    if (!record->has_value()) {
        return std::optional<Identity>{};
    }
    return std::optional<Identity>(protocol::toIdentity(std::move(**record)));
}

Status SamIdCardReader::simpleCommand(protocol::SamCommand samCommand, const char* what) {
    std::lock_guard lock(mutex_);
    if (auto connected = ensureConnected(); !connected) {
        return connected;
    }
    auto reply = command(samCommand, Clock::now() + options_.statusTimeout);
    if (!reply) {
        const Error& e = reply.error();
        return fail(citizenError(e.code, e.code == ErrorCode::unavailable ? kNotConnected : kNoAnswer,
                                 std::string(what) + ": " + e.message));
    }
    if (!reply->is(protocol::SamStatus::success)) {
        return fail(protocol::samStatusError(*reply).withContext(what));
    }
    return {};
}

Status SamIdCardReader::checkSam() {
    return simpleCommand(protocol::sam::kSamStatus, "checking the SAM");
}

Status SamIdCardReader::resetSam() {
    return simpleCommand(protocol::sam::kResetSam, "resetting the SAM");
}

Expected<std::string> SamIdCardReader::samId() {
    std::lock_guard lock(mutex_);
    if (auto connected = ensureConnected(); !connected) {
        return fail(connected.error());
    }
    auto reply = command(protocol::sam::kSamId, Clock::now() + options_.statusTimeout);
    if (!reply) {
        const Error& e = reply.error();
        return fail(citizenError(e.code, e.code == ErrorCode::unavailable ? kNotConnected : kNoAnswer,
                                 "reading the SAM ID: " + e.message));
    }
    if (!reply->is(protocol::SamStatus::success)) {
        return fail(protocol::samStatusError(*reply).withContext("reading the SAM ID"));
    }
    return protocol::hexDump(reply->data, reply->data.size());
}

}  // namespace yimen::drivers::idcard
