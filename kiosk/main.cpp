// yimen-kiosk: the self-service kiosk program.
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "common/log.h"
#include "drivers/config/known_devices.h"
#include "drivers/health/device_manager.h"
#include "drivers/health/device_probes.h"
#include "drivers/sim/sim_id_card_reader.h"
#include "drivers/sim/sim_scanner.h"
#include "drivers/usb/libusb_bus.h"
#include "kiosk/app.h"
#include "kiosk/chinese_input.h"
#include "kiosk/config.h"
#include "kiosk/demo_journey.h"
#include "kiosk/device_factory.h"
#include "kiosk/out_of_service.h"
#include "kiosk/process_guard.h"
#include "kiosk/scenario_player.h"
#include "kiosk/stop_request.h"
#include "kiosk/store/outbox.h"
#include "kiosk/window_runner.h"
#include "network/kiosk_identity.h"

namespace {

using namespace yimen;

// Ended by SIGTERM or SIGINT: the signals wake the window through StopSignals' thread.
kiosk::StopRequest gStop;

namespace dc = drivers::config;

const char* kUsage =
    "usage: yimen-kiosk --config FILE [options]\n"
    "  --config FILE       the kiosk's JSON configuration (see README: Configuration)\n"
    "  --fullscreen        fill the screen (on the terminal)\n"
    "  --landscape         1920x1080 instead of portrait 1080x1920\n"
    "  --demo-keys         F1 puts the sample card on the simulated reader, F2 takes it away, F3 scans;\n"
    "                      implies --windowed-dev\n"
    "  --windowed-dev      a desk run: closing the window (or Alt+F4) ends the program; without it only\n"
    "                      SIGTERM or SIGINT does\n"
    "  --headless          never open a window\n"
    "  --scenario FILE     play a scenario headless: screenshots, step log and figures go to --out\n"
    "  --demo-journey      play the apply journey with a scripted citizen, without screens\n"
    "  --drain             deliver what the outbox holds, then exit: 0 once nothing is pending, 1 after 60 "
    "s\n"
    "  --out DIR           where scenarios and the demo journey write\n"
    "  --report            print start-up time, frame times per screen and peak memory at the end\n"
    "  --make-csr DIR ID   make this kiosk's key DIR/ID.key and certificate request DIR/ID.csr, then exit\n"
    "  --help              this text\n"
    "environment: YIMEN_OFFSCREEN_WINDOW=1 lets the window open on SDL's offscreen driver (benchmarks)\n"
    "exit codes: 0 done, 1 failure, 2 bad usage or configuration, 3 no display (use --scenario)\n";

struct Options {
    std::string config;
    std::string out;
    std::string scenario;
    bool demoJourney = false;
    bool drain = false;
    bool headless = false;
    kiosk::UiOptions ui;
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
        } else if (a == "--scenario") {
            if (!value(o.scenario))
                return false;
        } else if (a == "--demo-journey") {
            o.demoJourney = true;
        } else if (a == "--drain") {
            o.drain = true;
        } else if (a == "--headless") {
            o.headless = true;
        } else if (a == "--fullscreen") {
            o.ui.fullscreen = true;
        } else if (a == "--landscape") {
            o.ui.landscape = true;
        } else if (a == "--demo-keys") {
            o.ui.demoKeys = true;
            o.ui.allowWindowClose = true;
        } else if (a == "--windowed-dev") {
            o.ui.allowWindowClose = true;
        } else if (a == "--report") {
            o.ui.report = true;
        } else {
            return false;
        }
    }
    return !o.config.empty();
}

std::int64_t wallMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The devices the configuration names, made by the factory; the simulated ones are kept for the demo hooks.
struct Devices {
    std::unique_ptr<drivers::usb::LibusbBus> bus;
    dc::DeviceSpec readerSpec, printerSpec;
    std::shared_ptr<drivers::camera::CameraStream> scanCamera;  // when the scanner reads through the camera
    std::unique_ptr<kiosk::DeviceFactory> factory;
    std::unique_ptr<drivers::IdCardReader> cardReader;
    std::unique_ptr<drivers::ReceiptPrinter> printer;
    std::unique_ptr<drivers::Scanner> scanner;
};

Status makeDevices(const kiosk::KioskConfig& c, Devices& d) {
    auto spec = [](dc::DeviceKind kind, const std::string& text) { return dc::parseDeviceSpec(kind, text); };
    auto reader = spec(dc::DeviceKind::cardReader, c.devices.cardReader);
    auto printer = spec(dc::DeviceKind::receiptPrinter, c.devices.printer);
    auto scanner = spec(dc::DeviceKind::scanner, c.devices.scanner);
    for (const auto* s : {&reader, &printer, &scanner})
        if (!*s)
            return s->error().withContext("devices");
    const bool needsUsb = reader->backend == dc::Backend::usb || reader->backend == dc::Backend::automatic ||
                          printer->backend != dc::Backend::sim || scanner->backend == dc::Backend::usb ||
                          scanner->backend == dc::Backend::automatic;
    if (needsUsb) {
        auto bus = drivers::usb::LibusbBus::create();
        if (!bus)
            return bus.error().withContext("opening USB");
        d.bus = std::move(*bus);
    }
    kiosk::DeviceFactoryOptions o;
    o.simIdentities = c.devices.simIdentities;
    o.simPrinterOut = c.devices.simPrinterOut.empty() ? std::filesystem::path(c.dataDir) / "receipts"
                                                      : std::filesystem::path(c.devices.simPrinterOut);
    o.paper = c.devices.printerWidthDots == 384 ? drivers::protocol::PaperWidth::mm58
                                                : drivers::protocol::PaperWidth::mm80;
    o.chineseText = c.devices.printerRaster ? drivers::printer::ChineseTextMode::raster
                                            : drivers::printer::ChineseTextMode::gb18030;
    d.factory = std::make_unique<kiosk::DeviceFactory>(d.bus.get(), o);
    auto r = d.factory->makeCardReader(*reader);
    if (!r)
        return r.error().withContext("card reader");
    auto p = d.factory->makeReceiptPrinter(*printer);
    if (!p)
        return p.error().withContext("receipt printer");
    auto s = d.factory->makeScanner(*scanner);
    if (!s)
        return s.error().withContext("scanner");
    d.readerSpec = *reader;
    d.printerSpec = *printer;
    d.cardReader = std::move(*r);
    d.printer = std::move(*p);
    d.scanner = std::move(*s);
    d.scanCamera = d.factory->scanCamera(*scanner);
    return {};
}

// Which plugged-in USB devices are the configured one: that VID:PID, or for `auto` any device of the kind.
std::function<bool(const drivers::usb::UsbDeviceInfo&)> matcherFor(const dc::DeviceSpec& spec) {
    if (spec.backend == dc::Backend::usb)
        return drivers::health::usbIdMatcher(spec.usbId);
    if (spec.backend != dc::Backend::automatic)
        return {};
    // A known device of the kind, or for the printer any device with a USB printer-class interface.
    return [kind = spec.kind,
            printerClass = drivers::health::usbClassMatcher(7)](const drivers::usb::UsbDeviceInfo& info) {
        if (dc::findKnownDevice(kind, info.id))
            return true;
        return kind == dc::DeviceKind::receiptPrinter && printerClass(info);
    };
}

// Keeps the devices' health current: hot-plug arrivals and departures, and a printer probe every few seconds.
std::unique_ptr<drivers::health::DeviceManager> manageDevices(kiosk::App& app, Devices& d) {
    auto manager = std::make_unique<drivers::health::DeviceManager>(d.bus.get(), app.health());
    drivers::health::ManagedDevice reader;
    reader.kind = dc::DeviceKind::cardReader;
    reader.matches = matcherFor(d.readerSpec);  // its own poller reports its outcomes while a card is wanted
    drivers::health::ManagedDevice printer;
    printer.kind = dc::DeviceKind::receiptPrinter;
    printer.matches = matcherFor(d.printerSpec);
    printer.probe = [&app] { return app.probePrinter(); };
    for (auto* device : {&reader, &printer})
        if (auto ok = manager->add(std::move(*device)); !ok)
            log::warn("devices", ok.error().message);
    if (auto ok = manager->start(); !ok)
        log::warn("devices", "no hot-plug notices, devices are probed instead: " + ok.error().message);
    return manager;
}

kiosk::SimHooks simHooks(Devices& d) {
    kiosk::SimHooks hooks;
    if (auto* reader = dynamic_cast<drivers::sim::SimIdCardReader*>(d.cardReader.get())) {
        hooks.insertCard = [reader](int index) {
            if (auto ok = reader->insert(static_cast<std::size_t>(index)); !ok)
                log::warn("demo", ok.error().message);
        };
        hooks.removeCard = [reader] { reader->remove(); };
    }
    if (auto* scanner = dynamic_cast<drivers::sim::SimScanner*>(d.scanner.get()))
        hooks.scan = [scanner](const std::string& code) { scanner->feed(code); };
    return hooks;
}

int playDemoJourney(kiosk::App& app, const kiosk::SimHooks& hooks, const std::string& out) {
    log::setStderrLevel(log::Level::warn);  // the journey's own lines are the demo's output
    std::ofstream journal;
    if (!out.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(out, ec);
        journal.open(std::filesystem::path(out) / "journey.txt");
    }
    kiosk::DemoJourneyOptions demo;
    if (hooks.insertCard)
        demo.insertCard = [&] { hooks.insertCard(0); };
    demo.removeCard = hooks.removeCard;
    demo.step = [&](const std::string& line) {
        std::cout << line << std::endl;
        if (journal)
            journal << line << "\n";
    };
    auto played = kiosk::playDemoJourney(app, demo);
    if (!played) {
        std::cerr << "yimen-kiosk: " << played.error().message << "\n";
        return 1;
    }
    // Give the rating a moment to reach the platform; it stays safely queued otherwise.
    app.flushStore(std::chrono::milliseconds(1500));
    app.runUntil(
        [&](const kiosk::SessionState&) {
            auto summary = app.outbox().summary();
            return summary && summary->pending == 0;
        },
        std::chrono::milliseconds(1500));
    return 0;
}

// Runs the app (no screens, no citizen) until the outbox has nothing pending.
int drainOutbox(kiosk::App& app) {
    const bool drained = app.runUntil(
        [&](const kiosk::SessionState&) {
            auto summary = app.outbox().summary();
            return summary && summary->pending == 0;
        },
        std::chrono::seconds(60));
    app.flushStore(std::chrono::seconds(10));
    std::cout << (drained ? "outbox drained" : "outbox not drained after 60 s") << std::endl;
    return drained ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    const std::int64_t startMs = wallMs();
    // Before any citizen's data is in memory: no core file, no dump of this process.
    if (auto guarded = kiosk::guardProcessMemory(); !guarded)
        std::cerr << "yimen-kiosk: " << guarded.error().message << "\n";
    auto stopSignals = kiosk::StopSignals::install(gStop);
    if (!stopSignals)
        std::cerr << "yimen-kiosk: " << stopSignals.error().message << "\n";
    Options options;
    if (argc > 1 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
        std::cout << kUsage;
        return 0;
    }
    if (argc == 4 && std::strcmp(argv[1], "--make-csr") == 0) {
        const Status made = network::writeKeyAndCsr(argv[2], argv[3]);
        if (!made)
            std::cerr << "yimen-kiosk: " << made.error().message << "\n";
        return made ? 0 : 1;
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
    log::setFile(config->logFile);  // 0600, rotated at 5 MiB, three files kept

    Devices devices;
    if (auto ok = makeDevices(*config, devices); !ok) {
        std::cerr << "yimen-kiosk: " << ok.error().message << "\n";
        return 2;
    }
    const char* offscreen = std::getenv("YIMEN_OFFSCREEN_WINDOW");
    options.ui.offscreenWindow = offscreen && std::string(offscreen) == "1";
    kiosk::App::Devices appDevices{*devices.cardReader, *devices.printer, devices.scanner.get(), {}};
    if (devices.scanCamera)
        appDevices.wantScans = [camera = devices.scanCamera](bool wanted) { camera->setActive(wanted); };
    auto app = kiosk::App::open(*config, appDevices);
    if (!app) {
        std::cerr << "yimen-kiosk: " << app.error().message << "\n";
        // A kiosk in a service centre says it is out of service instead of going dark; the log says why.
        if (options.headless || options.drain || options.demoJourney || !options.scenario.empty())
            return 1;
        options.ui.stop = &gStop;
        options.ui.utcOffsetMinutes = config->session.utcOffsetMinutes;
        return kiosk::runOutOfService(options.ui, app.error().message);
    }
    const kiosk::SimHooks hooks = simHooks(devices);
    const auto deviceManager = manageDevices(**app, devices);
    options.ui.outDir = options.out;
    options.ui.processStartMs = startMs;
    options.ui.catalogPageSize = config->session.catalogPageSize;
    options.ui.utcOffsetMinutes = config->session.utcOffsetMinutes;
    const auto pinyin = kiosk::openPinyin(config->pinyin);
    const auto handwriting = kiosk::openHandwriting(config->handwriting);
    options.ui.inputMethod = pinyin.get();
    options.ui.handwriting = handwriting.get();

    if (options.drain)
        return drainOutbox(**app);
    if (options.demoJourney)
        return playDemoJourney(**app, hooks, options.out);
    if (!options.scenario.empty()) {
        log::setStderrLevel(
            log::Level::warn);  // the steps and figures are the output; the log file has the rest
        options.ui.scenarioFile = options.scenario;
        return kiosk::runScenario(**app, hooks, options.ui);
    }
    if (options.headless) {
        std::cerr << "yimen-kiosk: --headless needs --scenario FILE or --demo-journey\n";
        return 2;
    }
    options.ui.stop = &gStop;
    const int rc = kiosk::runWindowed(**app, hooks, options.ui);
    if (rc == 3)
        std::cerr << "yimen-kiosk: no display; run a scenario headless with --scenario FILE --out DIR\n";
    return rc;
}
