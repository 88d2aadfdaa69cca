// yimen-platform: serves the kiosk API, or runs one administrative command (see --help).
#include <csignal>
#include <iostream>
#include <optional>

#include "common/log.h"
#include "common/worker.h"
#include "platform/admin_commands.h"
#include "platform/application_store.h"
#include "platform/command_line.h"
#include "platform/department_simulator.h"
#include "platform/server.h"

namespace {

using namespace yimen;
using namespace yimen::platform;

// The retention rule, run by the server at start and then daily.
void purgeClosedPersonalData(ApplicationStore& store, int retainDays) {
    Expected<int> purged = store.purgePersonalData(std::chrono::system_clock::now(), retainDays);
    if (!purged)
        log::error("retention", purged.error().describe());
    else if (*purged > 0)
        log::info("retention", "purged the personal data of " + std::to_string(*purged) +
                                   " applications closed more than " + std::to_string(retainDays) +
                                   " days ago");
}

int serve(const CommandLine& cl) {
    // Block the stop signals before any thread starts, so every thread inherits the mask and sigwait gets
    // them.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

    ServerConfig config;
    config.stateDir = cl.stateDir;
    config.host = cl.host;
    config.port = cl.port;
    config.threads = cl.threads;
    config.catalogFile = cl.catalogFile;
    config.kioskCertificateDays = cl.kioskCertificateDays;
    Expected<std::unique_ptr<Server>> server = Server::start(config);
    if (!server) {
        std::cerr << "yimen-platform: " << server.error().message << "\n";
        return 1;
    }

    // The retention rule and the simulated departments work on a connection of their own.
    Expected<std::unique_ptr<ApplicationStore>> opened = ApplicationStore::open(databasePath(cl.stateDir));
    if (!opened) {
        std::cerr << "yimen-platform: " << opened.error().message << "\n";
        return 1;
    }
    const std::unique_ptr<ApplicationStore> backgroundStore = std::move(*opened);
    purgeClosedPersonalData(*backgroundStore, cl.retainPersonalDays);
    PeriodicTask retention("retention", std::chrono::hours(24), [&store = *backgroundStore, &cl] {
        purgeClosedPersonalData(store, cl.retainPersonalDays);
    });
    std::optional<DepartmentSimulator> departments;
    if (cl.simulateDepartmentsSeconds > 0)
        departments.emplace(*backgroundStore, std::chrono::seconds(cl.simulateDepartmentsSeconds));

    std::cout << "yimen-platform listening on https://" << cl.host << ":" << (*server)->port() << " (state "
              << cl.stateDir << ")" << std::endl;
    int signal = 0;
    sigwait(&stopSignals, &signal);
    log::info("platform", std::string("stopping on ") + (signal == SIGINT ? "SIGINT" : "SIGTERM"));
    if (departments)
        departments->stop();
    retention.stop();
    (*server)->stop();
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    Expected<CommandLine> cl = parseCommandLine(args);
    if (!cl) {
        std::cerr << "yimen-platform: " << cl.error().message << "\n";
        return 2;
    }
    if (cl->command == CommandLine::Command::serve)
        return serve(*cl);
    return runAdminCommand(*cl, std::cout, std::cerr);
}
