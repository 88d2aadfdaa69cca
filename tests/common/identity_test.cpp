// Tests for common/identity.cpp: wiping personal data.
#include "common/identity.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace yimen;

namespace {

Identity sampleIdentity() {
    Identity id;
    id.kind = CardKind::hkMacauTaiwanPermit;
    id.name = "韦秀英";
    id.sex = "女";
    id.nation = "壮";
    id.birthDate = "1956-08-14";
    id.address = "广西壮族自治区南宁市武鸣区城厢镇香山路68号";
    id.idNumber = "450122195608140264";
    id.issuer = "南宁市公安局武鸣分局";
    id.validFrom = "2016-03-21";
    id.validTo = "长期";
    id.photoWlt.assign(1024, 0x5A);
    return id;
}

}  // namespace

TEST_CASE("wipe empties every field of the identity") {
    Identity id = sampleIdentity();
    id.wipe();
    CHECK(id.kind == CardKind::resident);
    for (const std::string* s : {&id.name, &id.sex, &id.nation, &id.birthDate, &id.address, &id.idNumber,
                                 &id.issuer, &id.validFrom, &id.validTo}) {
        CHECK(s->empty());
    }
    CHECK(id.photoWlt.empty());
}

TEST_CASE("wipe overwrites the bytes that held the data, not just the lengths") {
    Identity id = sampleIdentity();
    // clear() keeps the buffers, so the old bytes can be inspected where they were.
    const char* address = id.address.data();
    const std::size_t addressSize = id.address.size();
    const char* number = id.idNumber.data();
    const std::uint8_t* photo = id.photoWlt.data();
    const char* sex = id.sex.data();  // short: held inside the string object itself
    id.wipe();
    REQUIRE(id.address.data() == address);
    REQUIRE(id.idNumber.data() == number);
    REQUIRE(id.photoWlt.data() == photo);
    CHECK(std::all_of(address, address + addressSize, [](char c) { return c == 0; }));
    CHECK(std::all_of(number, number + 18, [](char c) { return c == 0; }));
    CHECK(std::all_of(photo, photo + 1024, [](std::uint8_t b) { return b == 0; }));
    CHECK(std::all_of(sex, sex + 3, [](char c) { return c == 0; }));
}

TEST_CASE("wipe also clears bytes left past the end of a string that was shortened") {
    Identity id;
    id.address = "广西壮族自治区南宁市武鸣区城厢镇香山路68号";
    const char* buffer = id.address.data();
    id.address.resize(3);
    id.wipe();
    REQUIRE(id.address.data() == buffer);
    CHECK(std::all_of(buffer, buffer + 40, [](char c) { return c == 0; }));
}
