// Tests for drivers/sim/sim_sam_module.cpp: the simulated reader's SAM module answers GA 467 frames as a
// reader does, and a simulated read goes through the real frame, status and text-block code.
#include "drivers/sim/sim_sam_module.h"

#include <catch2/catch.hpp>

#include "drivers/idcard/sam_id_card_reader.h"
#include "drivers/idcard/stream_sam_transport.h"
#include "drivers/protocol/sam_status.h"
#include "drivers/sim/sim_id_card_reader.h"

using namespace yimen;
using namespace yimen::drivers;
using namespace yimen::drivers::sim;

namespace {

const std::filesystem::path kShipped = YIMEN_SIM_IDENTITIES;

// Sends one request frame to the module and decodes the reply with the real decoder.
protocol::SamReply ask(SimSamModule& module, const std::vector<std::uint8_t>& request) {
    protocol::SamFrameDecoder decoder;
    decoder.feed(module.receive(request));
    auto frame = decoder.next();
    REQUIRE(frame);
    REQUIRE(frame->hasValue());
    auto reply = protocol::parseSamReply(**frame);
    REQUIRE(reply);
    return *reply;
}

protocol::SamReply ask(SimSamModule& module, protocol::SamCommand command) {
    auto request = protocol::encodeSamRequest(command);
    REQUIRE(request);
    return ask(module, *request);
}

Identity shippedCard(std::size_t index) {
    auto ids = loadIdentities(kShipped);
    REQUIRE(ids);
    return ids->at(index);
}

}  // namespace

TEST_CASE("every shipped card reads back through the real reader exactly as it was loaded") {
    auto ids = loadIdentities(kShipped);
    REQUIRE(ids);
    SimIdCardReader reader(*ids);
    for (std::size_t i = 0; i < ids->size(); ++i) {
        REQUIRE(reader.insert(i));
        auto read = reader.readCard();
        REQUIRE(read);
        REQUIRE(read->has_value());
        const Identity& want = ids->at(i);
        const Identity& got = **read;
        CHECK(got.kind == want.kind);
        CHECK(got.name == want.name);
        CHECK(got.sex == want.sex);
        CHECK(got.nation == want.nation);
        CHECK(got.birthDate == want.birthDate);
        CHECK(got.address == want.address);
        CHECK(got.idNumber == want.idNumber);
        CHECK(got.issuer == want.issuer);
        CHECK(got.validFrom == want.validFrom);
        CHECK(got.validTo == want.validTo);
        CHECK(got.photoWlt.size() == 1024);
    }
}

TEST_CASE("the module answers find, select and read for a card, and says when there is none") {
    SimSamModule module;
    CHECK(ask(module, protocol::sam::kFindCard).is(protocol::SamStatus::noCard));
    CHECK(ask(module, protocol::sam::kSelectCard).is(protocol::SamStatus::selectFailed));
    CHECK(ask(module, protocol::sam::kReadBaseInfo).is(protocol::SamStatus::readFailed));

    auto card = cardOf(shippedCard(0));
    REQUIRE(card);
    module.place(std::move(*card));
    CHECK(ask(module, protocol::sam::kFindCard).is(protocol::SamStatus::cardFound));
    CHECK(ask(module, protocol::sam::kSelectCard).is(protocol::SamStatus::success));
    const auto read = ask(module, protocol::sam::kReadBaseInfo);
    REQUIRE(read.is(protocol::SamStatus::success));
    auto record = protocol::parseReadCardData(read.data, false);
    REQUIRE(record);
    CHECK(record->text.name == "韦秀英");
    CHECK(record->text.nation == "壮");
    CHECK(record->photoWlt.size() == 1024);

    module.lift();
    CHECK(ask(module, protocol::sam::kFindCard).is(protocol::SamStatus::noCard));
}

TEST_CASE("the module refuses a corrupted frame and an unknown command as a reader does") {
    SimSamModule module;
    auto request = protocol::encodeSamRequest(protocol::sam::kFindCard);
    REQUIRE(request);
    request->back() ^= 0xFF;  // the checksum
    CHECK(ask(module, *request).is(protocol::SamStatus::hostChecksumError));
    CHECK(ask(module, protocol::SamCommand{0x55, 0x01}).is(protocol::SamStatus::commandError));
    CHECK(ask(module, protocol::sam::kSamStatus).is(protocol::SamStatus::success));
}

TEST_CASE("a request that arrives in pieces is answered once it is whole") {
    SimSamModule module;
    auto request = protocol::encodeSamRequest(protocol::sam::kFindCard);
    REQUIRE(request);
    const std::span<const std::uint8_t> bytes(*request);
    CHECK(module.receive(bytes.first(4)).empty());
    protocol::SamFrameDecoder decoder;
    decoder.feed(module.receive(bytes.subspan(4)));
    auto frame = decoder.next();
    REQUIRE(frame);
    REQUIRE(frame->hasValue());
}

TEST_CASE("an identity that cannot be put on a card is refused when it is inserted, not read wrongly") {
    Identity odd = shippedCard(1);
    odd.nation = "火星";
    SimIdCardReader reader({odd});
    const auto inserted = reader.insert(0);
    REQUIRE_FALSE(inserted);
    CHECK(inserted.error().code == ErrorCode::invalidInput);
    CHECK_FALSE(reader.readCard()->has_value());
}

TEST_CASE("a card that fails the real checks is read as unreadable, as on a terminal") {
    Identity wrong = shippedCard(1);
    wrong.idNumber[17] = wrong.idNumber[17] == '0' ? '1' : '0';  // the GB 11643 check digit
    SimIdCardReader reader({wrong});
    REQUIRE(reader.insert(0));
    const auto read = reader.readCard();
    REQUIRE_FALSE(read);
    CHECK(read.error().code == ErrorCode::invalidInput);
}
