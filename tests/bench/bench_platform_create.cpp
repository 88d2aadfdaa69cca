// bench_platform_create: how many applications the platform creates per second, over one keep-alive mTLS
// connection and then over several at once (where concurrent creates share a commit). Each figure counts
// only answers given after the application was durably committed. Starts a platform in-process on a
// temporary state directory, or uses a running one.
//   bench_platform_create [--count N] [--connections N] [--port PORT --state DIR]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/log.h"
#include "platform/server.h"
#include "tests/platform/sample_application.h"
#include "tests/platform/support/kiosk_enrolment.h"
#include "tests/platform/tls_test_client.h"
#include "tests/support/temp_dir.h"

namespace {

using namespace yimen;
using Clock = std::chrono::steady_clock;

struct Options {
    int count = 2000;     // applications per figure
    int connections = 8;  // for the second figure
    unsigned short port = 0;
    std::string stateDir;
};

std::optional<Options> parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (i + 1 >= argc)
            return std::nullopt;
        const std::string value = argv[++i];
        try {
            if (arg == "--count")
                o.count = std::stoi(value);
            else if (arg == "--connections")
                o.connections = std::stoi(value);
            else if (arg == "--port")
                o.port = static_cast<unsigned short>(std::stoi(value));
            else if (arg == "--state")
                o.stateDir = value;
            else
                return std::nullopt;
        } catch (const std::exception&) {
            return std::nullopt;
        }
    }
    if (o.count < 1 || o.connections < 1 || (o.port == 0) != o.stateDir.empty())
        return std::nullopt;
    return o;
}

double percentileMs(std::vector<double> samples, double p) {
    std::sort(samples.begin(), samples.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(samples.size() - 1) + 0.5);
    return samples[index];
}

struct Figure {
    double seconds = 0;
    std::vector<double> latenciesMs;
};

// Creates `count` applications (numbered from `offset` within the run) over `connections` keep-alive
// connections at once, each sending its share one request after another; nothing when one failed (said on
// stderr).
std::optional<Figure> measure(unsigned short port, const testing::TestTls& tls, const std::string& run,
                              int offset, int count, int connections) {
    std::vector<std::string> bodies, keys;
    for (int i = offset; i < offset + count; ++i) {
        // Terminal 1 is kiosk-0001's; the run's time stands where a receipt has its day.
        const long long sequence = (std::stoll(run) % 100000) * 100000LL + i;
        bodies.push_back(testing::sampleApplication(testing::receiptNumber(sequence)).dump());
        keys.push_back("bench-" + run + "-" + std::to_string(i));
    }
    std::vector<std::unique_ptr<testing::TlsTestClient>> clients;
    for (int c = 0; c < connections; ++c) {
        clients.push_back(std::make_unique<testing::TlsTestClient>(port, tls));
        if (Expected<testing::TestResponse> hello = clients.back()->send("GET", "/api/v1/catalog");
            !hello || hello->status != 200) {
            std::cerr << "bench_platform_create: connection " << c << " was not answered\n";
            return std::nullopt;
        }
    }

    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(connections));
    std::vector<std::string> failures(static_cast<std::size_t>(connections));
    const Clock::time_point start = Clock::now();
    std::vector<std::thread> senders;
    for (int c = 0; c < connections; ++c) {
        senders.emplace_back([&, c] {
            const auto mine = static_cast<std::size_t>(c);
            for (std::size_t i = mine; i < bodies.size(); i += static_cast<std::size_t>(connections)) {
                const Clock::time_point sent = Clock::now();
                Expected<testing::TestResponse> r = clients[mine]->send(
                    "POST", "/api/v1/applications", bodies[i], {{"Idempotency-Key", keys[i]}});
                latencies[mine].push_back(
                    std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
                if (!r || r->status != 201) {
                    failures[mine] =
                        "request " + std::to_string(i) + " failed: " +
                        (r ? "HTTP " + std::to_string(r->status) + " " + r->body : r.error().describe());
                    return;
                }
            }
        });
    }
    for (std::thread& t : senders) t.join();
    Figure figure;
    figure.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    for (int c = 0; c < connections; ++c) {
        const auto mine = static_cast<std::size_t>(c);
        if (!failures[mine].empty()) {
            std::cerr << "bench_platform_create: " << failures[mine] << "\n";
            return std::nullopt;
        }
        if (clients[mine]->connectionCount() != 1) {
            std::cerr << "bench_platform_create: connection " << c << " was not kept alive ("
                      << clients[mine]->connectionCount() << " connections)\n";
            return std::nullopt;
        }
        figure.latenciesMs.insert(figure.latenciesMs.end(), latencies[mine].begin(), latencies[mine].end());
    }
    return figure;
}

}  // namespace

int main(int argc, char** argv) {
    const std::optional<Options> options = parse(argc, argv);
    if (!options) {
        std::cerr << "usage: bench_platform_create [--count N] [--connections N] [--port PORT --state DIR]\n";
        return 2;
    }

    std::optional<testing::TempDir> tempDir;
    std::unique_ptr<platform::Server> server;
    std::string stateDir = options->stateDir;
    unsigned short port = options->port;
    if (port == 0) {
        log::setMinimumLevel(log::Level::warn);  // one line per request would measure the terminal
        tempDir.emplace();
        stateDir = *tempDir / "state";
        Expected<std::unique_ptr<platform::Server>> started = platform::Server::start({.stateDir = stateDir});
        if (!started) {
            std::cerr << "bench_platform_create: " << started.error().describe() << "\n";
            return 1;
        }
        server = std::move(*started);
        port = server->port();
    }

    // The benchmark's kiosk enrols once per state directory, its key in a folder of its own beside it.
    const std::string pki = stateDir + "/pki/";
    const testing::EnrolledKiosk kiosk = testing::enrolKiosk(stateDir, stateDir + "-bench-kiosk");
    testing::TlsTestClient client(port, {pki + "ca.crt", kiosk.certFile, kiosk.keyFile});
    if (Expected<testing::TestResponse> hello = client.send("GET", "/api/v1/catalog");
        !hello || hello->status != 200) {
        std::cerr << "bench_platform_create: the platform at 127.0.0.1:" << port << " does not answer: "
                  << (hello ? "HTTP " + std::to_string(hello->status) : hello.error().describe()) << "\n";
        return 1;
    }

    // Receipts and keys unique per run, so a long-running platform can be measured again and again.
    const std::string run = std::to_string(std::time(nullptr));
    int offset = 0;
    for (const int connections : {1, options->connections}) {
        const std::optional<Figure> f = measure(port, {pki + "ca.crt", kiosk.certFile, kiosk.keyFile}, run,
                                                offset, options->count, connections);
        if (!f)
            return 1;
        offset += options->count;
        std::printf(
            "created %d applications over %d keep-alive mTLS connection%s in %.2f s: %.0f applications/s "
            "(p50 %.2f ms, p99 %.2f ms per request)\n",
            options->count, connections, connections == 1 ? "" : "s", f->seconds, options->count / f->seconds,
            percentileMs(f->latenciesMs, 0.50), percentileMs(f->latenciesMs, 0.99));
    }
    return 0;
}
