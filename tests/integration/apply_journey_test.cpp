// The apply journey end to end: session, store, outbox, mutual-TLS client, reference platform, simulated
// devices.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "common/id_number.h"
#include "common/log.h"
#include "drivers/sim/sim_id_card_reader.h"
#include "drivers/sim/sim_receipt_printer.h"
#include "kiosk/app.h"
#include "kiosk/demo_journey.h"
#include "kiosk/store/outbox.h"
#include "platform/application_store.h"
#include "platform/server.h"
#include "tests/platform/support/kiosk_enrolment.h"
#include "tests/support/png_qr.h"
#include "tests/support/temp_dir.h"

using namespace yimen;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
using yimen::testing::decodeQrInPng;
using yimen::testing::TempDir;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A kiosk with simulated devices, configured against a platform state folder.
struct Kiosk {
    drivers::sim::SimIdCardReader reader;
    std::unique_ptr<drivers::sim::SimReceiptPrinter> printer;
    std::unique_ptr<kiosk::App> app;
    kiosk::KioskConfig config;

    Kiosk(const fs::path& dir, const fs::path& platformState, unsigned short port) {
        config.dataDir = (dir / "kiosk").string();
        config.logFile = (dir / "kiosk" / "kiosk.log").string();
        config.platform.port = port;
        config.platform.caFile = (platformState / "pki" / "ca.crt").string();
        const testing::EnrolledKiosk own =
            testing::enrolKiosk(platformState.string(), (dir / "kiosk-identity").string());
        config.platform.certFile = own.certFile;
        config.platform.keyFile = own.keyFile;
        config.platform.connectTimeout = 2s;
        config.platform.requestTimeout = 5s;
        config.session.submitWaitMs = 4000;
        fs::create_directories(config.dataDir);
        log::setFile(config.logFile);
        REQUIRE(reader.load(fs::path(YIMEN_SOURCE_DIR) / "drivers/sim/identities.json"));
        auto p = drivers::sim::SimReceiptPrinter::create(dir / "receipts");
        REQUIRE(p);
        printer = std::move(*p);
        auto a = kiosk::App::open(config, {reader, *printer, nullptr, {}});
        REQUIRE(a);
        app = std::move(*a);
    }
    ~Kiosk() { log::setFile(""); }

    kiosk::DemoJourneyOptions journey() {
        kiosk::DemoJourneyOptions o;
        o.insertCard = [this] { REQUIRE(reader.insert(0)); };
        o.removeCard = [this] { reader.remove(); };
        return o;
    }
};

std::unique_ptr<platform::Server> startPlatform(const fs::path& state, unsigned short port = 0) {
    platform::ServerConfig c;
    c.stateDir = state.string();
    c.port = port;
    auto s = platform::Server::start(c);
    REQUIRE(s);
    return std::move(*s);
}

std::string sampleIdNumber() {
    auto ids = drivers::sim::loadIdentities(fs::path(YIMEN_SOURCE_DIR) / "drivers/sim/identities.json");
    REQUIRE(ids);
    return ids->front().idNumber;
}

}  // namespace

TEST_CASE("an application made at the kiosk reaches the platform once, with the card's data and every answer",
          "[integration]") {
    TempDir tmp;
    const fs::path state = tmp.path() / "platform";
    auto server = startPlatform(state);
    Kiosk k(tmp.path(), state, server->port());

    REQUIRE(kiosk::playDemoJourney(*k.app, k.journey()));
    CHECK(k.app->state().screen == kiosk::Screen::home);

    auto store = platform::ApplicationStore::open(platform::databasePath(state.string()));
    REQUIRE(store);
    REQUIRE((*store)->applicationCount().valueOr(-1) == 1);
    auto list = (*store)->listApplications();
    REQUIRE(list);
    REQUIRE(list->size() == 1);
    auto stored = (*store)->application(list->front().receiptNo);
    REQUIRE(stored);
    CHECK(stored->kioskId == "kiosk-0001");
    CHECK(stored->applicant.at("idNumber") == sampleIdNumber());
    CHECK(stored->status == "submitted");

    // Every field of the item was answered as the demo citizen answered it (or from the card).
    const auto& catalog = *k.app->state().catalog;
    const Item* item = catalog.item(stored->itemId);
    REQUIRE(item);
    for (const auto& f : item->fields) {
        INFO(f.id);
        if (f.prefill == Prefill::none && (f.required || !kiosk::sampleAnswer(f).empty())) {
            CHECK(stored->answers.at(f.id) == kiosk::sampleAnswer(f));
        }
    }

    // The receipt was printed, and its QR code carries the receipt number and query code the platform holds.
    REQUIRE(k.printer->printedFiles().size() == 1);
    CHECK(decodeQrInPng(k.printer->printedFiles().front()) ==
          kiosk::receiptQrPayload(stored->receiptNo, stored->queryCode));

    // The rating reaches the platform too.
    auto summary = k.app->outbox().summary();
    REQUIRE(summary);
    k.app->runUntil([&](const kiosk::SessionState&) { return (*store)->ratingCount().valueOr(0) == 1; }, 10s);
    CHECK((*store)->ratingCount().valueOr(0) == 1);
    CHECK((*store)->applicationCount().valueOr(-1) == 1);
}

TEST_CASE("a submission made while the platform is down is printed as queued and delivered once it returns",
          "[integration][offline]") {
    TempDir tmp;
    const fs::path state = tmp.path() / "platform";
    auto first = startPlatform(state);
    const unsigned short port = first->port();
    Kiosk k(tmp.path(), state, port);
    // The kiosk got its catalog while the platform was up; then the network goes away.
    REQUIRE(k.app->runUntil([](const kiosk::SessionState& s) { return s.catalog != nullptr; }, 15s));
    first.reset();
    REQUIRE(kiosk::playDemoJourney(*k.app, k.journey()));
    REQUIRE(k.printer->printedFiles().size() == 1);
    auto pending = k.app->outbox().summary();
    REQUIRE(pending);
    CHECK(pending->pending == 2);  // the application and the rating
    CHECK(pending->delivered == 0);

    auto server = startPlatform(state, port);
    auto store = platform::ApplicationStore::open(platform::databasePath(state.string()));
    REQUIRE(store);
    // Backoff is a few seconds at this point; wait for both writes.
    const bool delivered = k.app->runUntil(
        [&](const kiosk::SessionState&) {
            auto s = k.app->outbox().summary();
            return s && s->pending == 0;
        },
        60s);
    REQUIRE(delivered);
    CHECK((*store)->applicationCount().valueOr(-1) == 1);
    CHECK((*store)->ratingCount().valueOr(-1) == 1);
    CHECK(k.app->outbox().summary()->delivered == 2);
}

TEST_CASE("after the journey no full ID number is in the kiosk's log or in clear in its database files",
          "[integration][privacy]") {
    TempDir tmp;
    const fs::path state = tmp.path() / "platform";
    auto server = startPlatform(state);
    {
        Kiosk k(tmp.path(), state, server->port());
        REQUIRE(kiosk::playDemoJourney(*k.app, k.journey()));
        k.app->runUntil([&](const kiosk::SessionState&) { return k.app->outbox().summary()->pending == 0; },
                        10s);
    }
    const std::string id = sampleIdNumber();
    const fs::path dir = tmp.path() / "kiosk";
    for (const char* file : {"kiosk.log", "kiosk.db", "kiosk.db-wal"}) {
        INFO(file);
        if (!fs::exists(dir / file))
            continue;
        const std::string bytes = slurp(dir / file);
        CHECK(bytes.find(id) == std::string::npos);
    }
    CHECK(slurp(dir / "kiosk.log").find(maskIdNumber(id)) != std::string::npos);  // the masked form is there
}
