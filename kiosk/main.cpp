// yimen-kiosk: the self-service kiosk program.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "common/log.h"
#include "drivers/sim/sim_id_card_reader.h"
#include "drivers/sim/sim_receipt_printer.h"
#include "drivers/sim/sim_scanner.h"
#include "kiosk/app.h"
#include "kiosk/config.h"
#include "kiosk/demo_journey.h"

namespace {

using namespace yimen;

std::atomic<bool> gStop{false};

void onSignal(int) {
    gStop = true;
}

const char* kUsage =
    "usage: yimen-kiosk --config FILE [options]\n"
    "  --config FILE      the kiosk's JSON configuration (see README: Configuration)\n"
    "  --demo-journey     play the apply journey with a scripted citizen, headless\n"
    "  --out DIR          where the demo writes its journey log (receipts go to devices.simPrinterOut)\n"
    "  --help             this text\n";

struct Options {
    std::string config;
    std::string out;
    bool demoJourney = false;
};

bool parse(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](std::string& into) {
            if (i + 1 >= argc)
                return false;
            into = argv[++i];
            return true;
        };
        if (a == "--config") {
            if (!value(o.config))
                return false;
        } else if (a == "--out") {
            if (!value(o.out))
                return false;
        } else if (a == "--demo-journey") {
            o.demoJourney = true;
        } else {
            return false;
        }
    }
    return !o.config.empty();
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    if (argc > 1 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
        std::cout << kUsage;
        return 0;
    }
    if (!parse(argc, argv, options)) {
        std::cerr << kUsage;
        return 2;
    }
    auto config = kiosk::loadConfig(options.config);
    if (!config) {
        std::cerr << "yimen-kiosk: " << config.error().message << "\n";
        return 2;
    }
    std::error_code ec;
    std::filesystem::create_directories(config->dataDir, ec);
    log::setFile(config->logFile);

    for (const auto& [kind, backend] :
         {std::pair{"cardReader", config->devices.cardReader}, std::pair{"printer", config->devices.printer},
          std::pair{"scanner", config->devices.scanner}}) {
        if (backend != "sim") {
            std::cerr << "yimen-kiosk: devices." << kind << " = \"" << backend
                      << "\": only the simulated devices (\"sim\") are available in this build\n";
            return 2;
        }
    }
    drivers::sim::SimIdCardReader reader;
    if (!config->devices.simIdentities.empty()) {
        if (auto ok = reader.load(config->devices.simIdentities); !ok) {
            std::cerr << "yimen-kiosk: simulated card reader: " << ok.error().message << "\n";
            return 2;
        }
    }
    const std::string printerOut = config->devices.simPrinterOut.empty()
                                       ? (std::filesystem::path(config->dataDir) / "receipts").string()
                                       : config->devices.simPrinterOut;
    auto printer = drivers::sim::SimReceiptPrinter::create(
        printerOut, config->devices.printerWidthDots == 384 ? drivers::protocol::PaperWidth::mm58
                                                            : drivers::protocol::PaperWidth::mm80);
    if (!printer) {
        std::cerr << "yimen-kiosk: simulated printer: " << printer.error().message << "\n";
        return 2;
    }

    auto app = kiosk::App::open(*config, {reader, **printer});
    if (!app) {
        std::cerr << "yimen-kiosk: " << app.error().message << "\n";
        return 1;
    }
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);

    if (options.demoJourney) {
        log::setStderrLevel(log::Level::warn);  // the journey's own lines are the demo's output
        std::ofstream journal;
        if (!options.out.empty()) {
            std::filesystem::create_directories(options.out, ec);
            journal.open(std::filesystem::path(options.out) / "journey.txt");
        }
        kiosk::DemoJourneyOptions demo;
        demo.insertCard = [&] {
            if (auto ok = reader.insert(0); !ok)
                log::error("demo", ok.error().message);
        };
        demo.removeCard = [&] { reader.remove(); };
        demo.step = [&](const std::string& line) {
            std::cout << line << std::endl;
            if (journal)
                journal << line << "\n";
        };
        auto played = kiosk::playDemoJourney(**app, demo);
        if (!played) {
            std::cerr << "yimen-kiosk: " << played.error().message << "\n";
            return 1;
        }
        // Let the rating reach the outbox sync before shutting down; it stays queued otherwise.
        (*app)->runUntil([](const kiosk::SessionState&) { return false; }, std::chrono::milliseconds(1500));
        return 0;
    }

    log::info("kiosk", "running headless without screens; Ctrl-C stops");
    (*app)->run(gStop);
    return 0;
}
