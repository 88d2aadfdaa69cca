// The fault proxy harness: the kiosk's real sealed outbox delivers applications to the real platform
// through a man in the middle that drops, cuts, replaces, drips or refuses the answers. Nothing is purged
// without a real acknowledgement, a refusal keeps the payload for a person, and once the faults stop
// every application is on the platform exactly once, under its one key.
#include <catch2/catch.hpp>
#include <iostream>
#include <random>

#include "application_payload.h"
#include "fault_proxy.h"
#include "kiosk/store/database.h"
#include "kiosk/store/outbox.h"
#include "kiosk/store/sealed_box.h"
#include "network/outbox_sync.h"
#include "network/platform_api.h"
#include "tcp_relay.h"
#include "test_platform.h"
#include "tests/support/temp_dir.h"

namespace yimen::network::test {
namespace {

using Result = DeliveryReport::Result;
using kiosk::store::Database;
using kiosk::store::Outbox;
using kiosk::store::Row;
using kiosk::store::SealedBox;

bool sealed(Database& db, std::int64_t id) {
    bool has = false;
    REQUIRE(db.query("SELECT sealed_payload IS NOT NULL FROM outbox WHERE id = ?", {id},
                     [&](const Row& row) { has = row.integer(0) != 0; }));
    return has;
}

std::string stateOf(Outbox& outbox, std::int64_t id) {
    auto records = outbox.list(1000);
    REQUIRE(records);
    for (const auto& r : *records)
        if (r.id == id)
            return r.state;
    return "missing";
}

}  // namespace

TEST_CASE(
    "through every fault of the path, nothing is purged without an acknowledgement and each "
    "application reaches the platform once",
    "[faultproxy][harness]") {
    TestPlatform platform;
    FaultProxy proxy(platform.clientConfig(), platform.pkiFile("server.crt"), platform.pkiFile("server.key"));
    TlsClientConfig viaProxy = platform.clientConfig();
    viaProxy.port = proxy.port();
    HttpsClient kioskClient(viaProxy);
    PlatformApi kiosk(kioskClient);
    HttpsClient directClient(platform.clientConfig());
    PlatformApi direct(directClient);
    auto fetched = direct.fetchCatalog("");
    REQUIRE(fetched);
    auto catalog = parseCatalog(fetched->json);
    REQUIRE(catalog);

    yimen::testing::TempDir dir;
    auto db = kiosk::store::openKioskDatabase(dir.file("kiosk.db"));
    REQUIRE(db);
    auto box = SealedBox::loadOrCreateKey(dir.file("outbox.key"));
    REQUIRE(box);
    Outbox outbox(**db, *box);
    const BackoffPolicy policy;
    const std::int64_t horizon = longestDelay(policy).count();
    std::mt19937_64 rng(8);
    std::int64_t now = 1'800'000'000'000;

    // Delivers entry `id` once, as the sync would, with the clock moved past any backoff.
    const auto attempt = [&](std::int64_t id) {
        now += 10 * 60 * 1000;
        auto due = outbox.due(now, 100, horizon);
        REQUIRE(due);
        for (const OutboxEntry& entry : *due)
            if (entry.id == id)
                return deliverOne(outbox, kiosk, entry, policy, rng, now);
        FAIL("entry " << id << " is not due");
        return DeliveryReport{};
    };
    const auto onPlatform = [&](const std::string& receipt) {
        return direct.applicationStatus(receipt, "123456").hasValue();
    };

    const Fault transient[] = {Fault::dropAfterCommit, Fault::resetMidBody,    Fault::htmlOk,
                               Fault::emptyOk,         Fault::otherReceiptOk,  Fault::drip,
                               Fault::closeNotify,     Fault::alertInHandshake};
    const Fault refusals[] = {Fault::status401, Fault::status403, Fault::status404, Fault::status409,
                              Fault::status413};
    int cases = 0, purgedOnAck = 0, keptForRetry = 0, keptForPerson = 0;
    int n = 100;
    for (const bool refusal : {false, true}) {
        const auto& faults = refusal ? std::vector<Fault>(std::begin(refusals), std::end(refusals))
                                     : std::vector<Fault>(std::begin(transient), std::end(transient));
        for (const Fault fault : faults) {
            INFO(toString(fault));
            const std::string receipt = receiptNumber(++n);
            const std::string key = "fault-proxy-key-" + std::to_string(n);
            auto id = outbox.enqueue(OutboxKind::application, key, receipt,
                                     applicationJson(catalog->items.front(), receipt, "123456"), now);
            REQUIRE(id);
            const int forwardedBefore = proxy.forwarded();

            proxy.setFault(fault);
            const DeliveryReport faulted = attempt(*id);
            ++cases;
            if (faulted.result == Result::delivered) {
                // Only a complete answer can be an acknowledgement: the platform has it.
                CHECK(fault == Fault::drip);
                CHECK(onPlatform(receipt));
                CHECK_FALSE(sealed(**db, *id));
                ++purgedOnAck;
            } else if (refusal) {
                CHECK(faulted.result == Result::failed);
                CHECK(stateOf(outbox, *id) == "failed");
                CHECK(sealed(**db, *id));
                CHECK(proxy.forwarded() == forwardedBefore);
                CHECK_FALSE(onPlatform(receipt));
                ++keptForPerson;
                // The technician's retry once the path is sound again.
                REQUIRE(outbox.retryNow(*id, now));
            } else {
                CHECK(faulted.result == Result::retrying);
                CHECK(stateOf(outbox, *id) == "pending");
                CHECK(sealed(**db, *id));
                ++keptForRetry;
            }

            proxy.setFault(Fault::none);
            for (int tries = 0; tries < 3 && stateOf(outbox, *id) != "delivered"; ++tries) (void)attempt(*id);
            CHECK(stateOf(outbox, *id) == "delivered");
            CHECK_FALSE(sealed(**db, *id));
            CHECK(onPlatform(receipt));
            // The platform has this receipt under this key only: a second key for it is a duplicate.
            const WriteOutcome other = direct.createApplication(
                key + "-other", receipt, applicationJson(catalog->items.front(), receipt, "123456"));
            REQUIRE(other.refused);
            CHECK(other.refused->httpStatus == 409);
        }
    }
    std::cout << "fault proxy: " << cases << " cases run (" << purgedOnAck << " acknowledged and purged, "
              << keptForRetry << " kept and retried, " << keptForPerson
              << " refused and kept for a technician); every application on the platform once\n";
    CHECK(cases == 13);
}

TEST_CASE("an answer dripped a byte at a time through the TCP relay is still a whole acknowledgement",
          "[faultproxy][harness]") {
    TestPlatform platform;
    TcpRelay relay(platform.port());
    TlsClientConfig viaRelay = platform.clientConfig();
    viaRelay.port = relay.port();
    HttpsClient client(viaRelay);
    PlatformApi api(client);
    auto fetched = api.fetchCatalog("");
    REQUIRE(fetched);
    auto catalog = parseCatalog(fetched->json);
    REQUIRE(catalog);
    client.disconnect();

    yimen::testing::TempDir dir;
    auto db = kiosk::store::openKioskDatabase(dir.file("kiosk.db"));
    REQUIRE(db);
    auto box = SealedBox::loadOrCreateKey(dir.file("outbox.key"));
    REQUIRE(box);
    Outbox outbox(**db, *box);
    const std::string receipt = receiptNumber(200);
    auto id = outbox.enqueue(OutboxKind::application, "fault-relay-drip", receipt,
                             applicationJson(catalog->items.front(), receipt, "123456"), 0);
    REQUIRE(id);
    auto due = outbox.due(0, 1, longestDelay(BackoffPolicy{}).count());
    REQUIRE(due);
    REQUIRE(due->size() == 1);

    relay.dripReplies(std::chrono::microseconds(200));  // the handshake and the answer, byte by byte
    std::mt19937_64 rng(9);
    const DeliveryReport report = deliverOne(outbox, api, due->front(), BackoffPolicy{}, rng, 0);
    relay.dripReplies(std::chrono::microseconds(0));

    // Slow is not wrong: the whole answer arrives and acknowledges the write. Were the request timeout
    // shorter than the drip, the payload would be kept for the next attempt instead.
    if (report.result == Result::delivered) {
        CHECK_FALSE(sealed(**db, *id));
        CHECK(api.applicationStatus(receipt, "123456"));
    } else {
        CHECK(report.result == Result::retrying);
        CHECK(sealed(**db, *id));
    }
    std::cout << "fault proxy: 1 case run through the TCP relay (answer dripped: "
              << (report.result == Result::delivered ? "acknowledged" : "kept for a retry") << ")\n";
}

}  // namespace yimen::network::test
