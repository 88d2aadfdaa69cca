// SimSamModule: a GA 467 SAM module answering request frames for the card laid on the simulated reader.
#include "drivers/sim/sim_sam_module.h"

#include <algorithm>
#include <utility>

#include "drivers/protocol/id_text_block.h"
#include "drivers/protocol/nation_codes.h"
#include "drivers/protocol/sam_read_reply.h"
#include "drivers/protocol/sam_status.h"

namespace yimen::drivers::sim {
namespace {

using Bytes = std::vector<std::uint8_t>;
using protocol::SamStatus;

// A reader sends its replies in USB-serial-sized pieces; the host reassembles them.
constexpr std::size_t kChunk = 64;

void wipeVector(Bytes& bytes) {
    idcard::wipeBytes(bytes);
}

Bytes replyFrame(SamStatus status, const Bytes& data = {}) {
    // AA AA AA 96 69 | Len1 Len2 | SW1 SW2 SW3 data | CHK, with CHK the XOR of Len1 up to the last data byte.
    const std::size_t length = 3 + data.size() + 1;
    Bytes frame(protocol::kSamPreamble.begin(), protocol::kSamPreamble.end());
    frame.push_back(static_cast<std::uint8_t>(length >> 8));
    frame.push_back(static_cast<std::uint8_t>(length & 0xFF));
    frame.push_back(0x00);
    frame.push_back(0x00);
    frame.push_back(static_cast<std::uint8_t>(status));
    frame.insert(frame.end(), data.begin(), data.end());
    frame.push_back(protocol::samChecksum(std::span(frame).subspan(5)));
    return frame;
}

std::optional<std::string> sexCodeOf(const std::string& sex) {
    if (sex == "男")
        return "1";
    if (sex == "女")
        return "2";
    if (sex == "未知")
        return "0";
    return std::nullopt;
}

std::optional<std::string> nationCodeOf(const std::string& nation) {
    for (int value = 1; value <= 98; ++value) {
        const std::string code{static_cast<char>('0' + value / 10), static_cast<char>('0' + value % 10)};
        if (protocol::nationName(code) == std::optional<std::string_view>(nation))
            return code;
    }
    return std::nullopt;
}

// The stand-in photo when an identity has none: the reference vectors' pattern, 1024 bytes as on a card.
Bytes standInPhoto() {
    Bytes photo(1024);
    for (std::size_t i = 0; i < photo.size(); ++i) photo[i] = static_cast<std::uint8_t>((i * 37 + 11) & 0xFF);
    return photo;
}

class ModuleStream final : public idcard::ByteStream {
public:
    explicit ModuleStream(SimSamModule& module) : module_(module) {}
    ~ModuleStream() override { wipeVector(pending_); }

    Status writeAll(std::span<const std::uint8_t> data, idcard::Timeout) override {
        Bytes reply = module_.receive(data);
        pending_.insert(pending_.end(), reply.begin(), reply.end());
        wipeVector(reply);
        return {};
    }

    Expected<Bytes> readSome(idcard::Timeout) override {
        if (pending_.empty())
            return fail(ErrorCode::timeout, "no bytes from the simulated reader");
        const std::size_t n = std::min(kChunk, pending_.size());
        Bytes chunk(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
        pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
        return chunk;
    }

    Status discardInput() override {
        wipeVector(pending_);
        return {};
    }

    std::string describe() const override { return "simulated ID-card reader"; }

private:
    SimSamModule& module_;
    Bytes pending_;
};

}  // namespace

void SimCard::wipe() {
    idcard::wipeBytes(textBlock);
    idcard::wipeBytes(photoWlt);
}

Expected<SimCard> cardOf(const Identity& identity) {
    protocol::IdCardText text;
    text.kind = identity.kind;
    text.name = identity.name;
    const auto sex = sexCodeOf(identity.sex);
    if (!sex)
        return fail(ErrorCode::invalidInput, "a simulated card's sex has no GB/T 2261.1 code");
    text.sexCode = *sex;
    if (identity.kind == CardKind::resident) {
        const auto nation = nationCodeOf(identity.nation);
        if (!nation)
            return fail(ErrorCode::invalidInput, "a simulated card's nation has no GB 3304 code");
        text.nationCode = *nation;
    }
    text.birthDate = identity.birthDate;
    text.address = identity.address;
    text.idNumber = identity.idNumber;
    text.issuer = identity.issuer;
    text.validFrom = identity.validFrom;
    text.validTo = identity.validTo;
    auto block = protocol::encodeIdTextBlock(text);
    text.wipe();
    if (!block)
        return fail(block.error().withContext("laying out a simulated card"));
    SimCard card;
    card.textBlock = std::move(*block);
    card.photoWlt = identity.photoWlt.empty() ? standInPhoto() : identity.photoWlt;
    return card;
}

SimSamModule::~SimSamModule() {
    lift();
}

void SimSamModule::place(SimCard card) {
    std::lock_guard lock(mutex_);
    if (card_)
        card_->wipe();
    card_ = std::move(card);
}

void SimSamModule::lift() {
    std::lock_guard lock(mutex_);
    if (card_)
        card_->wipe();
    card_.reset();
}

std::vector<std::uint8_t> SimSamModule::receive(std::span<const std::uint8_t> bytes) {
    std::lock_guard lock(mutex_);
    decoder_.feed(bytes);
    Bytes out;
    while (auto frame = decoder_.next()) {
        const Bytes reply = *frame ? answer(**frame) : replyFrame(SamStatus::hostChecksumError);
        out.insert(out.end(), reply.begin(), reply.end());
    }
    return out;
}

std::vector<std::uint8_t> SimSamModule::answer(const protocol::SamFrame& request) const {
    if (request.payload.size() < 2)
        return replyFrame(SamStatus::hostLengthError);
    const protocol::SamCommand command{request.payload[0], request.payload[1]};
    namespace sam = protocol::sam;
    if (command == sam::kSamStatus || command == sam::kResetSam)
        return replyFrame(SamStatus::success);
    if (command == sam::kSamId)
        return replyFrame(SamStatus::success, Bytes(16, 0x05));
    if (command == sam::kFindCard)
        return card_ ? replyFrame(SamStatus::cardFound, Bytes(4, 0x00)) : replyFrame(SamStatus::noCard);
    if (command == sam::kSelectCard)
        return card_ ? replyFrame(SamStatus::success, Bytes(8, 0x00)) : replyFrame(SamStatus::selectFailed);
    if (command == sam::kReadBaseInfo || command == sam::kReadWithFingerprint) {
        if (!card_)
            return replyFrame(SamStatus::readFailed);
        Bytes data = protocol::buildReadCardData(card_->textBlock, card_->photoWlt, {},
                                                 command == sam::kReadWithFingerprint);
        Bytes reply = replyFrame(SamStatus::success, data);
        wipeVector(data);
        return reply;
    }
    return replyFrame(SamStatus::commandError);
}

std::unique_ptr<idcard::ByteStream> SimSamModule::openStream() {
    return std::make_unique<ModuleStream>(*this);
}

}  // namespace yimen::drivers::sim
