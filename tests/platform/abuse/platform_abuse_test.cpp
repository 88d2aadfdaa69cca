// Platform abuse: the real server in a child process with few descriptors, attacked from this process with
// idle, half-handshaken and slow connections on loopback. It must not spin, must not flood its log, and must
// keep answering a genuine kiosk. The figures are printed; YIMEN_ABUSE_SECONDS makes the window longer.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "platform/pki.h"
#include "tests/platform/abuse/attack_connections.h"
#include "tests/platform/abuse/child_server.h"
#include "tests/platform/support/kiosk_enrolment.h"
#include "tests/platform/tls_test_client.h"
#include "tests/support/temp_dir.h"

using namespace yimen;
using namespace yimen::testing;
using namespace std::chrono_literals;

namespace {

constexpr double kMaxCpuShare = 0.10;
constexpr double kMaxLogBytesPerMinute = 1024.0 * 1024.0;

struct Figures {
    double seconds = 0;
    double cpuSeconds = 0;
    long long logBytes = 0;
    double cpuShare() const { return cpuSeconds / seconds; }
    double logBytesPerMinute() const { return static_cast<double>(logBytes) * 60.0 / seconds; }
};

// A state directory whose PKI exists before the child starts, so creating it is not counted.
class AbuseState {
public:
    AbuseState() {
        std::signal(SIGPIPE, SIG_IGN);
        raiseOwnDescriptorLimit();
        REQUIRE(platform::pki::ensurePki(dir_ / "state/pki").hasValue());
        kiosk_ = enrolKiosk(dir_ / "state", dir_ / "kiosk");
    }
    platform::ServerConfig config() const {
        platform::ServerConfig config;
        config.stateDir = dir_ / "state";
        return config;
    }
    std::string log() const { return dir_ / "platform.log"; }
    TestTls kioskTls() const { return {dir_ / "state/pki/ca.crt", kiosk_.certFile, kiosk_.keyFile}; }

private:
    TempDir dir_;
    EnrolledKiosk kiosk_;
};

class Window {
public:
    explicit Window(const ChildServer& server)
        : server_(server),
          started_(std::chrono::steady_clock::now()),
          cpu_(server.cpuSeconds()),
          log_(server.logBytes()) {}
    Figures figures() const {
        return {std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count(),
                server_.cpuSeconds() - cpu_, server_.logBytes() - log_};
    }

private:
    const ChildServer& server_;
    std::chrono::steady_clock::time_point started_;
    double cpu_;
    long long log_;
};

// One genuine kiosk request on a new connection from 127.0.0.1; its latency in seconds, or -1 when it failed.
double genuineRequest(unsigned short port, const TestTls& tls) {
    const auto start = std::chrono::steady_clock::now();
    TlsTestClient client(port, tls);
    Expected<TestResponse> r = client.send("GET", "/api/v1/catalog");
    if (!r || r->status != 200)
        return -1;
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int abuseSeconds() {
    const char* env = std::getenv("YIMEN_ABUSE_SECONDS");
    const int seconds = env ? std::atoi(env) : 0;
    return seconds > 0 ? seconds : 10;
}

}  // namespace

TEST_CASE("with its descriptors exhausted by idle connections the platform does not spin or flood its log",
          "[abuse]") {
    AbuseState state;
    ChildServer server(state.config(), 48, state.log());
    Window window(server);
    AttackConnections attack;
    const int opened = attack.openIdle(server.port(), "127.0.0.1", 70);
    std::this_thread::sleep_for(2s);
    const Figures f = window.figures();
    std::printf("descriptor limit 48, %d idle connections, %.1f s: CPU %.1f %% (%.2f s), log %lld bytes\n",
                opened, f.seconds, 100 * f.cpuShare(), f.cpuSeconds, f.logBytes);
    CHECK(opened == 70);
    CHECK(f.cpuShare() < kMaxCpuShare);
    CHECK(f.logBytesPerMinute() < kMaxLogBytesPerMinute);
}

TEST_CASE("when accepting fails for want of descriptors the platform waits and says so once in a while",
          "[abuse]") {
    AbuseState state;
    platform::ServerConfig config = state.config();
    config.limits = {.total = 1000, .perPeer = 1000, .handshakesPerPeer = 1000};  // let EMFILE happen
    ChildServer server(config, 48, state.log());
    Window window(server);
    AttackConnections attack;
    const int opened = attack.openIdle(server.port(), "127.0.0.1", 70);
    std::this_thread::sleep_for(2s);
    const Figures f = window.figures();
    std::printf(
        "descriptor limit 48, no connection limit, %d idle connections, %.1f s: CPU %.1f %% (%.2f s), "
        "log %lld bytes\n",
        opened, f.seconds, 100 * f.cpuShare(), f.cpuSeconds, f.logBytes);
    CHECK(f.cpuShare() < kMaxCpuShare);
    CHECK(f.logBytesPerMinute() < kMaxLogBytesPerMinute);
    std::ifstream in(state.log());
    const std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(log.find("accepting again in") != std::string::npos);
}

TEST_CASE("at its connection cap, held by idle connections, the platform still serves a genuine kiosk",
          "[abuse]") {
    AbuseState state;
    platform::ServerConfig config = state.config();
    config.limits = {.total = 64, .perPeer = 64, .handshakesPerPeer = 64};
    ChildServer server(config, 1024, state.log());
    AttackConnections attack;
    const int idle = attack.openIdle(server.port(), "127.0.0.2", 64);
    std::this_thread::sleep_for(500ms);  // every one accepted: the cap is reached
    const double first = genuineRequest(server.port(), state.kioskTls());
    const double second = genuineRequest(server.port(), state.kioskTls());
    std::printf(
        "connection cap 64 held by %d idle connections: genuine kiosk requests took %.3f s and %.3f s\n",
        idle, first, second);
    CHECK(idle == 64);
    CHECK(first >= 0);
    CHECK(first < 2.0);
    CHECK(second >= 0);
    CHECK(second < 2.0);
    std::ifstream in(state.log());
    const std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(log.find("at the connection cap: closed the connection from 127.0.0.2") != std::string::npos);
}

TEST_CASE("Platform abuse: 2,000 idle, half-handshaken and slow connections at 1,024 descriptors",
          "[abuse]") {
    AbuseState state;
    ChildServer server(state.config(), 1024, state.log());
    const int seconds = abuseSeconds();
    Window window(server);
    AttackConnections attack;
    int idle = 0, partial = 0, slow = 0;
    // 900 idle from nine addresses, 900 half handshakes from nine more, 200 slow-header kiosks from four.
    for (int a = 0; a < 9; ++a)
        idle += attack.openIdle(server.port(), "127.0.0." + std::to_string(2 + a), 100);
    for (int a = 0; a < 9; ++a)
        partial += attack.openPartialHandshakes(server.port(), "127.0.0." + std::to_string(11 + a), 100);
    const TestTls kiosk = state.kioskTls();
    for (int a = 0; a < 4; ++a)
        slow += attack.openSlowHeaders(server.port(), "127.0.0." + std::to_string(20 + a), 50, kiosk.caFile,
                                       kiosk.certFile, kiosk.keyFile);

    double worst = 0;
    int genuine = 0, failed = 0;
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < end) {
        const double latency = genuineRequest(server.port(), kiosk);
        if (latency < 0)
            ++failed;
        else
            worst = std::max(worst, latency);
        ++genuine;
        attack.drip();
        std::this_thread::sleep_for(1s);
    }
    const Figures f = window.figures();
    std::printf(
        "Platform abuse, descriptor limit 1024: %d idle + %d half-handshake + %d slow-header "
        "connections (%d attempted), %.1f s: CPU %.1f %% (%.2f s), log %lld bytes (%.0f bytes/min), "
        "genuine kiosk requests %d, failed %d, worst latency %.3f s\n",
        idle, partial, slow, 2000, f.seconds, 100 * f.cpuShare(), f.cpuSeconds, f.logBytes,
        f.logBytesPerMinute(), genuine, failed, worst);
    CHECK(f.cpuShare() < kMaxCpuShare);
    CHECK(f.logBytesPerMinute() < kMaxLogBytesPerMinute);
    CHECK(failed == 0);
    CHECK(worst < 2.0);
}
