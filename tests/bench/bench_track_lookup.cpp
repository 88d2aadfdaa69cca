// bench_track_lookup: a receipt's QR code read by the (simulated) scanner to its timeline drawn — through the
// app's scanner thread, the session, the lookup thread, the platform on loopback over mTLS, and a headless
// render of the screen. Prints the first lookup (a new TLS connection) and the median and worst of the rest.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <vector>

#include "common/log.h"
#include "drivers/sim/sim_id_card_reader.h"
#include "drivers/sim/sim_receipt_printer.h"
#include "drivers/sim/sim_scanner.h"
#include "kiosk/app.h"
#include "kiosk/core/receipt_info.h"
#include "platform/server.h"
#include "screens/font_set.h"
#include "screens/headless_display.h"
#include "screens/ui.h"
#include "tests/platform/sample_application.h"
#include "tests/platform/support/kiosk_enrolment.h"
#include "tests/platform/tls_test_client.h"
#include "tests/support/temp_dir.h"

using namespace yimen;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::max(2, std::atoi(argv[1])) : 30;
    log::setMinimumLevel(log::Level::warn);
    testing::TempDir tmp;
    const std::string stateDir = (tmp.path() / "platform").string();
    auto server = platform::Server::start({.stateDir = stateDir});
    if (!server) {
        std::cerr << "bench_track_lookup: " << server.error().describe() << "\n";
        return 1;
    }
    const testing::EnrolledKiosk enrolled =
        testing::enrolKiosk(stateDir, (tmp.path() / "kiosk-pki").string());
    const std::string ca = stateDir + "/pki/ca.crt";

    // One application on the platform, as a kiosk would have sent it.
    const std::string receiptNo = testing::receiptNumber(1);
    testing::TlsTestClient client((*server)->port(), {ca, enrolled.certFile, enrolled.keyFile});
    auto created = client.send("POST", "/api/v1/applications", testing::sampleApplication(receiptNo).dump(),
                               {{"Idempotency-Key", "bench-track-1"}});
    if (!created || created->status != 201) {
        std::cerr << "bench_track_lookup: the application was not created\n";
        return 1;
    }

    kiosk::KioskConfig c;
    c.dataDir = (tmp.path() / "kiosk").string();
    c.logFile = (tmp.path() / "kiosk" / "kiosk.log").string();
    c.platform.port = (*server)->port();
    c.platform.caFile = ca;
    c.platform.certFile = enrolled.certFile;
    c.platform.keyFile = enrolled.keyFile;
    drivers::sim::SimIdCardReader reader;
    drivers::sim::SimScanner scanner;
    auto printer = drivers::sim::SimReceiptPrinter::create(tmp.path() / "receipts");
    auto fonts = screens::FontSet::open();
    if (!printer || !fonts) {
        std::cerr << "bench_track_lookup: no simulated printer or no CJK font\n";
        return 1;
    }
    auto app = kiosk::App::open(c, {reader, **printer, &scanner, {}});
    if (!app) {
        std::cerr << "bench_track_lookup: " << app.error().describe() << "\n";
        return 1;
    }
    const screens::Theme theme = screens::Theme::forScreen(1080, 1920);
    screens::Ui ui(theme, **fonts);
    auto display = screens::HeadlessDisplay::create(theme, **fonts);
    if (!display) {
        std::cerr << "bench_track_lookup: " << display.error().describe() << "\n";
        return 1;
    }

    const std::string code = kiosk::receiptQrPayload(receiptNo, "123456");
    std::vector<double> ms;
    for (int i = 0; i < rounds; ++i) {
        const Clock::time_point scanned = Clock::now();
        scanner.feed(code);
        if (!(*app)->runUntil(
                [](const kiosk::SessionState& s) { return s.screen == kiosk::Screen::trackResult; },
                std::chrono::seconds(10))) {
            std::cerr << "bench_track_lookup: no timeline after 10 s (round " << i << ", screen "
                      << kiosk::toString((*app)->state().screen) << ")\n";
            return 1;
        }
        (*display)->draw(ui.update((*app)->state()));
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - scanned).count());
        (*app)->post(kiosk::ev::Next{});
        (*app)->runUntil([](const kiosk::SessionState& s) { return s.screen == kiosk::Screen::home; },
                         std::chrono::seconds(5));
    }
    std::vector<double> rest(ms.begin() + 1, ms.end());
    std::sort(rest.begin(), rest.end());
    std::printf(
        "scan to timeline drawn (1080x1920, platform on loopback, mTLS): first %.1f ms (new connection); "
        "then median %.1f ms, worst %.1f ms over %zu scans\n",
        ms.front(), rest[rest.size() / 2], rest.back(), rest.size());
    return 0;
}
