// Splitting a "read card" reply into text, photo and fingerprints, and turning it into an Identity.
#include "drivers/protocol/sam_read_reply.h"

namespace yimen::drivers::protocol {
namespace {

std::size_t be16(std::span<const std::uint8_t> data, std::size_t at) {
    return (static_cast<std::size_t>(data[at]) << 8) | data[at + 1];
}

void zero(std::vector<std::uint8_t>& bytes) {
    bytes.resize(bytes.capacity());
    volatile std::uint8_t* p = bytes.data();
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        p[i] = 0;
    }
    bytes.clear();
}

void pushBe16(std::vector<std::uint8_t>& out, std::size_t value) {
    out.push_back(static_cast<std::uint8_t>((value >> 8) & 0xFF));
    out.push_back(static_cast<std::uint8_t>(value & 0xFF));
}

}  // namespace

void IdCardRecord::wipe() {
    text.wipe();
    zero(photoWlt);
    zero(fingerprints);
}

Expected<IdCardRecord> parseReadCardData(std::span<const std::uint8_t> data, bool withFingerprints,
                                         std::string_view todayYmd) {
    const std::size_t header = withFingerprints ? 6 : 4;
    if (data.size() < header) {
        return fail(ErrorCode::invalidInput, "read reply of " + std::to_string(data.size()) +
                                                 " bytes is too short for its length fields");
    }
    const std::size_t textLength = be16(data, 0);
    const std::size_t photoLength = be16(data, 2);
    const std::size_t fingerprintLength = withFingerprints ? be16(data, 4) : 0;
    if (header + textLength + photoLength + fingerprintLength != data.size()) {
        return fail(ErrorCode::invalidInput, "read reply lengths (text " + std::to_string(textLength) +
                                                 ", photo " + std::to_string(photoLength) +
                                                 ", fingerprints " + std::to_string(fingerprintLength) +
                                                 ") do not add up to the " +
                                                 std::to_string(data.size() - header) + " bytes that came");
    }
    if (textLength != kIdTextBlockSize) {
        return fail(ErrorCode::invalidInput,
                    "read reply text block is " + std::to_string(textLength) + " bytes, not 256");
    }
    auto text = parseIdTextBlock(data.subspan(header, textLength), todayYmd);
    if (!text) {
        return fail(text.error());
    }
    IdCardRecord record;
    record.text = std::move(*text);
    const auto photo = data.subspan(header + textLength, photoLength);
    record.photoWlt.assign(photo.begin(), photo.end());
    const auto fingerprints = data.subspan(header + textLength + photoLength, fingerprintLength);
    record.fingerprints.assign(fingerprints.begin(), fingerprints.end());
    return record;
}

Identity toIdentity(IdCardRecord&& record) {
    IdCardText& t = record.text;
    Identity id;
    id.kind = t.kind;
    id.name = t.name.empty() ? t.englishName : t.name;
    id.sex = t.sexCode == "1" ? "男" : t.sexCode == "2" ? "女" : "未知";
    if (t.kind == CardKind::resident) {
        id.nation = t.nation;
    }
    id.birthDate = t.birthDate;
    id.address = t.address;
    id.idNumber = t.idNumber;
    id.issuer = t.issuer;
    id.validFrom = t.validFrom;
    id.validTo = t.validTo;
    id.photoWlt = record.photoWlt;
    record.wipe();
    return id;
}

std::vector<std::uint8_t> buildReadCardData(std::span<const std::uint8_t> textBlock,
                                            std::span<const std::uint8_t> photo,
                                            std::span<const std::uint8_t> fingerprints,
                                            bool withFingerprints) {
    std::vector<std::uint8_t> out;
    pushBe16(out, textBlock.size());
    pushBe16(out, photo.size());
    if (withFingerprints) {
        pushBe16(out, fingerprints.size());
    }
    out.insert(out.end(), textBlock.begin(), textBlock.end());
    out.insert(out.end(), photo.begin(), photo.end());
    if (withFingerprints) {
        out.insert(out.end(), fingerprints.begin(), fingerprints.end());
    }
    return out;
}

}  // namespace yimen::drivers::protocol
