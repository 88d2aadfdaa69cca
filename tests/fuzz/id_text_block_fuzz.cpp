// libFuzzer target: the ID-card text block parser. Inputs are parsed as they are and also written over a
// valid card of each type (so mutations reach the checks behind the first field). Whatever parses must lay
// out and parse again to the same card.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "drivers/protocol/id_text_block.h"
#include "drivers/protocol/sam_read_reply.h"

using namespace yimen;
using namespace yimen::drivers;
using namespace yimen::drivers::protocol;

namespace {

constexpr const char* kToday = "20250101";

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

IdCardText card(CardKind kind) {
    IdCardText t;
    t.kind = kind;
    t.sexCode = "1";
    t.birthDate = "1990-03-07";
    t.validFrom = "2020-03-15";
    t.validTo = "2040-03-15";
    switch (kind) {
    case CardKind::resident:
        t.name = "张三";
        t.nationCode = "01";
        t.address = "广西壮族自治区梧州市万秀区某某路1号";
        t.idNumber = "450403199003071230";
        t.issuer = "梧州市公安局万秀分局";
        break;
    case CardKind::hkMacauTaiwanPermit:
        t.name = "陈家明";
        t.birthDate = "1995-06-12";
        t.address = "广东省深圳市福田区福华三路88号";
        t.idNumber = "810000199506121232";
        t.issuer = "深圳市公安局";
        t.passNumber = "H60123456";
        t.issueCount = "01";
        break;
    case CardKind::foreignerPermanent2017:
        t.englishName = "SMITH, JOHN ROBERT";
        t.idNumber = "USA440850420011";
        t.nationality = "USA";
        t.cardVersion = "17";
        t.issuer = "1500";
        break;
    case CardKind::foreignerPermanent2023:
        t.name = "玛丽亚";
        t.sexCode = "2";
        t.birthDate = "1985-04-20";
        t.renewalCount = "00";
        t.englishName = "GONZALEZ RODRIGUEZ, MARIA DE LOS ANGELES ROSA";
        t.idNumber = "94484019850420001X";
        t.nationality = "ESP";
        break;
    }
    return t;
}

const std::vector<std::vector<std::uint8_t>>& templates() {
    static const std::vector<std::vector<std::uint8_t>> blocks = [] {
        std::vector<std::vector<std::uint8_t>> out;
        for (const CardKind kind : {CardKind::resident, CardKind::hkMacauTaiwanPermit,
                                    CardKind::foreignerPermanent2017, CardKind::foreignerPermanent2023}) {
            auto block = encodeIdTextBlock(card(kind));
            check(block.hasValue());
            check(parseIdTextBlock(*block, kToday).hasValue());
            out.push_back(std::move(*block));
        }
        return out;
    }();
    return blocks;
}

bool same(const IdCardText& a, const IdCardText& b) {
    return a.kind == b.kind && a.name == b.name && a.englishName == b.englishName && a.sexCode == b.sexCode &&
           a.sex == b.sex && a.nationCode == b.nationCode && a.nation == b.nation &&
           a.nationality == b.nationality && a.birthDate == b.birthDate && a.address == b.address &&
           a.idNumber == b.idNumber && a.issuer == b.issuer && a.validFrom == b.validFrom &&
           a.validTo == b.validTo && a.passNumber == b.passNumber && a.issueCount == b.issueCount &&
           a.renewalCount == b.renewalCount && a.cardVersion == b.cardVersion &&
           a.previousCardLink == b.previousCardLink;
}

void parseAndRoundTrip(std::span<const std::uint8_t> block) {
    auto parsed = parseIdTextBlock(block, kToday);
    if (!parsed) {
        return;
    }
    auto laidOut = encodeIdTextBlock(*parsed);
    check(laidOut.hasValue());
    auto again = parseIdTextBlock(*laidOut, kToday);
    check(again.hasValue() && same(*parsed, *again));
    IdCardRecord record;
    record.text = std::move(*parsed);
    const Identity identity = toIdentity(std::move(record));
    check(!identity.name.empty() && !identity.idNumber.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> input(data, size);
    parseAndRoundTrip(input);
    (void)parseReadCardData(input, false, kToday);
    (void)parseReadCardData(input, true, kToday);
    if (size < 3) {
        return 0;
    }
    // Byte 0 picks a card type, byte 1 an offset; the rest overwrites the valid block from there.
    std::vector<std::uint8_t> block = templates()[data[0] % templates().size()];
    const std::size_t offset = data[1];
    for (std::size_t i = 2; i < size && offset + i - 2 < block.size(); ++i) {
        block[offset + i - 2] = data[i];
    }
    parseAndRoundTrip(block);
    return 0;
}
