// The test platform: PKI and database in a temporary directory, the real platform server on a free port.
#include "test_platform.h"

#include "network/https_client.h"
#include "tests/platform/support/kiosk_enrolment.h"

#include <filesystem>
#include <stdexcept>

namespace yimen::network::test {

TestPlatform::TestPlatform() {
    std::filesystem::create_directories(dir_.path() / "state");
    if (auto st = platform::pki::ensurePki((dir_.path() / "state" / "pki").string()); !st)
        throw std::runtime_error("creating the test PKI: " + st.error().describe());
    // kiosk-0001, terminal 1, enrolled as a real kiosk is: its key stays in its own folder.
    testing::enrolKiosk((dir_.path() / "state").string(), kioskFile(""), "kiosk-0001", 1);
    restartWith(serverConfig());
}

TestPlatform::~TestPlatform() {
    stop();
}

std::string TestPlatform::pkiFile(const std::string& name) const {
    return (dir_.path() / "state" / "pki" / name).string();
}

std::string TestPlatform::kioskFile(const std::string& name) const {
    return (dir_.path() / "kiosk" / name).string();
}

TlsClientConfig TestPlatform::clientConfig() const {
    TlsClientConfig config;
    config.host = "127.0.0.1";
    config.port = port_;
    config.caFile = pkiFile("ca.crt");
    config.certFile = kioskFile("kiosk-0001.crt");
    config.keyFile = kioskFile("kiosk-0001.key");
    config.connectTimeout = std::chrono::milliseconds(3000);
    config.handshakeTimeout = std::chrono::milliseconds(3000);
    config.requestTimeout = std::chrono::milliseconds(5000);
    return config;
}

platform::ServerConfig TestPlatform::serverConfig() const {
    platform::ServerConfig config;
    config.stateDir = (dir_.path() / "state").string();
    config.host = "127.0.0.1";
    config.port = port_;
    config.threads = 2;
    return config;
}

void TestPlatform::stop() {
    if (server_) {
        server_->stop();
        server_.reset();
    }
}

void TestPlatform::restart() {
    restartWith(serverConfig());
}

void TestPlatform::restartWith(platform::ServerConfig config) {
    stop();
    config.port = port_;
    auto started = platform::Server::start(std::move(config));
    if (!started)
        throw std::runtime_error("starting the platform: " + started.error().describe());
    server_ = std::move(started.value());
    port_ = server_->port();
}

int catalogStatus(const TlsClientConfig& config) {
    HttpsClient client(config);
    HttpRequest request;
    request.target = "/api/v1/catalog";
    Expected<HttpResponse> response = client.send(request);
    return response ? response->status : 0;
}

}  // namespace yimen::network::test
