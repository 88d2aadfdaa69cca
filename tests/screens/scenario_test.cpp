// The shipped scenarios played headless through the real app, simulated devices and the reference platform.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "common/log.h"
#include "drivers/sim/sim_id_card_reader.h"
#include "drivers/sim/sim_receipt_printer.h"
#include "drivers/sim/sim_scanner.h"
#include "kiosk/app.h"
#include "kiosk/chinese_input.h"
#include "kiosk/core/receipt_info.h"
#include "kiosk/scenario_player.h"
#include "platform/application_store.h"
#include "platform/server.h"
#include "tests/platform/support/kiosk_enrolment.h"
#include "tests/support/png_qr.h"
#include "tests/support/temp_dir.h"

using namespace yimen;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> linesOf(const fs::path& p) {
    std::ifstream in(p);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

// The reference platform and a kiosk with simulated devices, wired as yimen-kiosk wires them.
struct Stand {
    testing::TempDir tmp;
    std::unique_ptr<platform::Server> server;
    drivers::sim::SimIdCardReader reader;
    drivers::sim::SimScanner scanner;
    std::unique_ptr<drivers::sim::SimReceiptPrinter> printer;
    std::unique_ptr<kiosk::App> app;
    std::unique_ptr<screens::RimePinyin> pinyin;
    std::unique_ptr<screens::ZinniaHandwriting> handwriting;
    kiosk::SimHooks hooks;

    Stand() {
        platform::ServerConfig pc;
        pc.stateDir = (tmp.path() / "platform").string();
        auto s = platform::Server::start(pc);
        REQUIRE(s);
        server = std::move(*s);
        kiosk::KioskConfig c;
        c.dataDir = (tmp.path() / "kiosk").string();
        c.logFile = (tmp.path() / "kiosk" / "kiosk.log").string();
        const fs::path pki = tmp.path() / "platform" / "pki";
        c.platform.port = server->port();
        c.platform.caFile = (pki / "ca.crt").string();
        const testing::EnrolledKiosk own =
            testing::enrolKiosk(pc.stateDir, (tmp.path() / "kiosk-identity").string());
        c.platform.certFile = own.certFile;
        c.platform.keyFile = own.keyFile;
        c.platform.connectTimeout = 2s;
        c.platform.requestTimeout = 5s;
        fs::create_directories(c.dataDir);
        log::setFile(c.logFile);
        REQUIRE(reader.load(fs::path(YIMEN_SOURCE_DIR) / "drivers/sim/identities.json"));
        auto p = drivers::sim::SimReceiptPrinter::create(tmp.path() / "receipts");
        REQUIRE(p);
        printer = std::move(*p);
        auto a = kiosk::App::open(c, {reader, *printer, &scanner, {}});
        REQUIRE(a);
        app = std::move(*a);
        c.pinyin.workDir = (tmp.path() / "kiosk" / "ime").string();
        pinyin = kiosk::openPinyin(c.pinyin);
        REQUIRE(pinyin);
        handwriting = kiosk::openHandwriting(c.handwriting);
        REQUIRE(handwriting);
        hooks.insertCard = [this](int index) { (void)reader.insert(static_cast<std::size_t>(index)); };
        hooks.removeCard = [this] { reader.remove(); };
        hooks.scan = [this](const std::string& code) { scanner.feed(code); };
    }
    ~Stand() { log::setFile(""); }

    kiosk::UiOptions options(const std::string& scenario) const {
        kiosk::UiOptions o;
        o.scenarioFile = std::string(YIMEN_SOURCE_DIR) + "/scenarios/" + scenario + ".json";
        o.outDir = (tmp.path() / "out").string();
        o.inputMethod = pinyin.get();
        o.handwriting = handwriting.get();
        return o;
    }
};

}  // namespace

TEST_CASE("the apply scenario ends on Home with one application on the platform and a receipt that scans",
          "[scenario]") {
    Stand stand;
    const kiosk::UiOptions o = stand.options("apply");
    REQUIRE(kiosk::runScenario(*stand.app, stand.hooks, o) == 0);
    CHECK(stand.app->state().screen == kiosk::Screen::home);

    // Every step is logged and passed; every screen of the journey has its screenshot.
    const auto steps = linesOf(fs::path(o.outDir) / "steps.jsonl");
    CHECK(steps.size() > 50);
    for (const auto& line : steps) {
        INFO(line);
        CHECK(line.find("\"ok\":true") != std::string::npos);
    }
    int pngs = 0;
    for (const auto& entry : fs::directory_iterator(o.outDir))
        pngs += entry.path().extension() == ".png" ? 1 : 0;
    CHECK(pngs >= 15);
    CHECK(fs::exists(fs::path(o.outDir) / "report.json"));

    // The platform holds exactly this application, with the card's data and the answers typed on screen.
    auto store =
        platform::ApplicationStore::open(platform::databasePath((stand.tmp.path() / "platform").string()));
    REQUIRE(store);
    REQUIRE((*store)->applicationCount().valueOr(-1) == 1);
    auto list = (*store)->listApplications();
    REQUIRE(list);
    REQUIRE(list->size() == 1);
    auto stored = (*store)->application(list->front().receiptNo);
    REQUIRE(stored);
    CHECK(stored->itemId == "pension-enrolment");
    CHECK(stored->applicant.at("idNumber") == "450122195608140264");
    CHECK(stored->answers.at("name") == "韦秀英");
    CHECK(stored->answers.at("sex") == "女");
    CHECK(stored->answers.at("birthDate") == "1956-08-14");
    CHECK(stored->answers.at("phone") == "13800138000");
    CHECK(stored->answers.at("payLevel") == "300元");

    // The printed receipt's QR code carries its receipt number and query code.
    REQUIRE(stand.printer->printedFiles().size() == 1);
    const std::string qr = testing::decodeQrInPng(stand.printer->printedFiles().front());
    CHECK(qr == kiosk::receiptQrPayload(stored->receiptNo, stored->queryCode));
    CHECK(qr.find(stored->queryCode) != std::string::npos);
}

TEST_CASE(
    "the track scenario refuses a foreign code, an unknown receipt, and shows a scanned receipt's "
    "timeline",
    "[scenario]") {
    Stand stand;
    const kiosk::UiOptions o = stand.options("track");
    REQUIRE(kiosk::runScenario(*stand.app, stand.hooks, o) == 0);
    CHECK(stand.app->state().screen == kiosk::Screen::home);
    CHECK_FALSE(stand.app->state().trackResult);
    for (const char* shot : {"track-scan", "track-entry-code", "track-unknown-receipt", "track-result"}) {
        bool found = false;
        for (const auto& entry : fs::directory_iterator(o.outDir))
            found = found || entry.path().filename().string().find(shot) != std::string::npos;
        INFO(shot);
        CHECK(found);
    }
}

TEST_CASE("the rate scenario rates a receipt once with its reasons, and a second rating is refused",
          "[scenario]") {
    Stand stand;
    const kiosk::UiOptions o = stand.options("rate");
    REQUIRE(kiosk::runScenario(*stand.app, stand.hooks, o) == 0);
    CHECK(stand.app->state().screen == kiosk::Screen::home);

    // The platform holds exactly one rating, of that application.
    auto store =
        platform::ApplicationStore::open(platform::databasePath((stand.tmp.path() / "platform").string()));
    REQUIRE(store);
    CHECK((*store)->ratingCount().valueOr(-1) == 1);
    auto list = (*store)->listApplications();
    REQUIRE(list);
    REQUIRE(list->size() == 1);
    auto rated = (*store)->application(list->front().receiptNo);
    REQUIRE(rated);
    CHECK_FALSE(rated->ratedAt.empty());
}

TEST_CASE("the Chinese-answer scenario writes and spells a name and the platform receives it", "[scenario]") {
    Stand stand;
    const kiosk::UiOptions o = stand.options("apply_chinese");
    REQUIRE(kiosk::runScenario(*stand.app, stand.hooks, o) == 0);
    CHECK(stand.app->state().screen == kiosk::Screen::home);
    auto store =
        platform::ApplicationStore::open(platform::databasePath((stand.tmp.path() / "platform").string()));
    REQUIRE(store);
    auto list = (*store)->listApplications();
    REQUIRE(list);
    REQUIRE(list->size() == 1);
    auto stored = (*store)->application(list->front().receiptNo);
    REQUIRE(stored);
    CHECK(stored->itemId == "newborn-medical-insurance");
    CHECK(stored->answers.at("babyName") == "王小雨");
    CHECK(stored->answers.at("relation") == "母亲");
    CHECK(stored->answers.at("birthCertificateNo") == "Q261103518");
    // The spelling and the chosen words are nowhere in the pinyin engine's folder, also once it has closed
    // (when an engine that learns would write its user dictionary).
    stand.pinyin.reset();
    for (const auto& entry : fs::recursive_directory_iterator(stand.tmp.path() / "kiosk" / "ime")) {
        INFO(entry.path());
        CHECK(entry.path().filename().string().find("userdb") == std::string::npos);
        if (!entry.is_regular_file())
            continue;
        std::ifstream in(entry.path(), std::ios::binary);
        const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        for (const char* secret : {"xiaoyu", "xiao yu", "小雨"})
            CHECK(bytes.find(secret) == std::string::npos);
    }
}

TEST_CASE("the idle-timeout scenario warns, extends, times out and leaves nothing of the citizen on screen",
          "[scenario]") {
    Stand stand;
    const kiosk::UiOptions o = stand.options("idle_timeout");
    REQUIRE(kiosk::runScenario(*stand.app, stand.hooks, o) == 0);
    CHECK(stand.app->state().screen == kiosk::Screen::home);
    CHECK_FALSE(stand.app->state().identity);
    auto store =
        platform::ApplicationStore::open(platform::databasePath((stand.tmp.path() / "platform").string()));
    REQUIRE(store);
    CHECK((*store)->applicationCount().valueOr(-1) == 0);
}

TEST_CASE("a failing step stops the scenario, is logged with its reason and leaves a screenshot",
          "[scenario]") {
    Stand stand;
    kiosk::UiOptions o = stand.options("apply");
    o.scenarioFile = (stand.tmp.path() / "broken.json").string();
    std::ofstream(o.scenarioFile)
        << R"({"name":"broken","steps":[{"tap":"home.apply"},{"tap":"no.such.widget"},
        {"tap":"home.apply"}]})";
    CHECK(kiosk::runScenario(*stand.app, stand.hooks, o) == 1);
    const auto steps = linesOf(fs::path(o.outDir) / "steps.jsonl");
    REQUIRE(steps.size() == 2);
    CHECK(steps[1].find("\"ok\":false") != std::string::npos);
    CHECK(steps[1].find("no.such.widget") != std::string::npos);
    CHECK(fs::exists(fs::path(o.outDir) / "step-02-failed.png"));
}
