// Tests of network/https_client.cpp: mutual TLS, certificate checks, timeouts and keep-alive, over real TLS.
#include <catch2/catch.hpp>

#include "common/catalog.h"
#include "network/https_client.h"
#include "platform/pki.h"
#include "scripted_tls_server.h"
#include "tcp_relay.h"
#include "test_platform.h"
#include "tests/platform/support/kiosk_enrolment.h"

namespace yimen::network::test {
namespace {

namespace pki = platform::pki;

HttpRequest catalogRequest() {
    HttpRequest request;
    request.target = "/api/v1/catalog";
    return request;
}

using Catch::Matchers::Contains;

// The catalog request fails with `code`, and the message says `reason`.
void requireRefused(HttpsClient& client, ErrorCode code, const std::string& reason) {
    auto response = client.send(catalogRequest());
    REQUIRE_FALSE(response);
    CHECK(response.error().code == code);
    CHECK_THAT(response.error().message, Contains(reason));
}

// A CA of its own, not the one the platform and the kiosk trust: {certificate, key}.
std::pair<std::string, std::string> strangerCa(TestPlatform& platform) {
    const std::string crt = platform.scratchFile("other-ca.crt"), key = platform.scratchFile("other-ca.key");
    REQUIRE(pki::createCa(crt, key, "Another CA"));
    return {crt, key};
}

// The platform restarted with a server certificate for 127.0.0.1 issued by `ca` for `validity`.
void serveCertificateFrom(TestPlatform& platform, const std::pair<std::string, std::string>& ca,
                          const std::string& name, pki::Validity validity = {}) {
    platform::ServerConfig server = platform.serverConfig();
    server.certFile = platform.scratchFile(name + ".crt");
    server.keyFile = platform.scratchFile(name + ".key");
    REQUIRE(
        pki::issueServerCert(ca.first, ca.second, server.certFile, server.keyFile, "127.0.0.1", validity));
    platform.restartWith(server);
}

// The platform, a relay in front of it that counts, drops or freezes connections, and a client dialling the
// relay with `requestTimeout`.
struct RelayedClient {
    explicit RelayedClient(std::chrono::milliseconds requestTimeout = TlsClientConfig{}.requestTimeout)
        : relay(platform.port()), client(configFor(requestTimeout)) {}
    TlsClientConfig configFor(std::chrono::milliseconds requestTimeout) {
        TlsClientConfig config = platform.clientConfig();
        config.port = relay.port();
        config.requestTimeout = requestTimeout;
        return config;
    }
    TestPlatform platform;
    TcpRelay relay;
    HttpsClient client;
};

}  // namespace

TEST_CASE("a kiosk with its certificate gets the catalog over mutual TLS", "[https]") {
    TestPlatform platform;
    HttpsClient client(platform.clientConfig());

    auto response = client.send(catalogRequest());

    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK_FALSE(response->header("etag").empty());
    CHECK_THAT(response->header("content-type"), Contains("application/json"));
    CHECK(parseCatalog(response->body));
}

TEST_CASE("the platform refuses a kiosk certificate issued by another CA", "[https][tls]") {
    TestPlatform platform;
    const auto [otherCa, otherCaKey] = strangerCa(platform);
    TlsClientConfig config = platform.clientConfig();
    const testing::EnrolledKiosk stranger =
        testing::signKioskCertificate(otherCa, otherCaKey, platform.scratchFile("stranger"), "kiosk-0001");
    config.certFile = stranger.certFile;
    config.keyFile = stranger.keyFile;
    HttpsClient client(config);
    requireRefused(client, ErrorCode::tls, "the platform refused this kiosk's certificate");
}

TEST_CASE("the platform refuses a kiosk that presents no certificate", "[https][tls]") {
    TestPlatform platform;
    TlsClientConfig config = platform.clientConfig();
    config.certFile.clear();
    config.keyFile.clear();
    HttpsClient client(config);
    requireRefused(client, ErrorCode::tls, "client certificate");
}

TEST_CASE("the kiosk refuses an expired server certificate", "[https][tls]") {
    TestPlatform platform;
    const pki::Validity lastWeek{-7 * 24 * 3600, -24 * 3600};
    serveCertificateFrom(platform, {platform.pkiFile("ca.crt"), platform.pkiFile("../root-ca/ca.key")},
                         "expired", lastWeek);
    HttpsClient client(platform.clientConfig());
    requireRefused(client, ErrorCode::tls, "server certificate verify failed: certificate has expired");
}

TEST_CASE("the kiosk refuses a server certificate from a CA other than the pinned one", "[https][tls]") {
    TestPlatform platform;
    serveCertificateFrom(platform, strangerCa(platform), "impostor");
    HttpsClient client(platform.clientConfig());
    requireRefused(client, ErrorCode::tls, "server certificate verify failed: unable to get local issuer");
}

TEST_CASE("the kiosk refuses a server certificate that does not name the host it dialled", "[https][tls]") {
    // The platform's certificate names 127.0.0.1 and localhost; the same platform reached as 127.0.0.2 is not
    // it.
    TestPlatform platform;
    platform::ServerConfig server = platform.serverConfig();
    server.host = "127.0.0.2";
    platform.restartWith(server);
    TlsClientConfig config = platform.clientConfig();
    config.host = "127.0.0.2";
    HttpsClient client(config);
    requireRefused(client, ErrorCode::tls, "does not name the host 127.0.0.2");
}

TEST_CASE("the kiosk accepts the platform by its DNS name and sends it as SNI", "[https][tls]") {
    TestPlatform platform;
    TlsClientConfig config = platform.clientConfig();
    config.host = "localhost";
    HttpsClient client(config);

    auto response = client.send(catalogRequest());

    REQUIRE(response);
    CHECK(response->status == 200);
}

TEST_CASE("the kiosk will not start TLS without a readable pinned CA", "[https][tls]") {
    TestPlatform platform;
    TlsClientConfig config = platform.clientConfig();
    config.caFile = platform.scratchFile("missing-ca.crt");
    HttpsClient client(config);
    requireRefused(client, ErrorCode::tls, "missing-ca.crt");
}

TEST_CASE("a refused connection is reported as unavailable with the address", "[https][faults]") {
    TestPlatform platform;
    TlsClientConfig config = platform.clientConfig();
    config.port = refusedPort();
    HttpsClient client(config);
    requireRefused(client, ErrorCode::unavailable, "connecting to 127.0.0.1:" + std::to_string(config.port));
    requireRefused(client, ErrorCode::unavailable, "refused");  // and again: nothing is left half-open
}

TEST_CASE("a server that accepts the connection and never answers the handshake gives a timeout",
          "[https][faults]") {
    TestPlatform platform;
    SilentListener silent;
    TlsClientConfig config = platform.clientConfig();
    config.port = silent.port();
    config.handshakeTimeout = std::chrono::milliseconds(300);
    HttpsClient client(config);
    requireRefused(client, ErrorCode::timeout, "TLS handshake with 127.0.0.1");
    requireRefused(client, ErrorCode::timeout, "no answer within 300 ms");
}

TEST_CASE("a server that reads the request and never replies gives a timeout", "[https][faults]") {
    TestPlatform platform;
    ScriptedTlsServer silent(platform.pkiFile("server.crt"), platform.pkiFile("server.key"), "");
    TlsClientConfig config = platform.clientConfig();
    config.port = silent.port();
    config.requestTimeout = std::chrono::milliseconds(300);
    HttpsClient client(config);
    requireRefused(client, ErrorCode::timeout, "GET /api/v1/catalog");
}

TEST_CASE("a platform that falls silent on a kept-alive connection gives a timeout", "[https][faults]") {
    RelayedClient relayed(std::chrono::milliseconds(300));
    auto& [platform, relay, client] = relayed;
    REQUIRE(client.send(catalogRequest()));

    relay.freeze();
    auto response = client.send(catalogRequest());

    REQUIRE_FALSE(response);
    CHECK(response.error().code == ErrorCode::timeout);
}

TEST_CASE("an unparseable HTTP reply is a server error", "[https][faults]") {
    TestPlatform platform;
    ScriptedTlsServer garbage(platform.pkiFile("server.crt"), platform.pkiFile("server.key"),
                              "this is not HTTP at all\r\n\r\n");
    TlsClientConfig config = platform.clientConfig();
    config.port = garbage.port();
    HttpsClient client(config);
    requireRefused(client, ErrorCode::serverError, "unparseable HTTP reply");
}

TEST_CASE("many requests share one kept-alive connection", "[https][keepalive]") {
    RelayedClient relayed;
    auto& [platform, relay, client] = relayed;

    for (int i = 0; i < 20; ++i) {
        auto response = client.send(catalogRequest());
        REQUIRE(response);
        REQUIRE(response->status == 200);
    }

    CHECK(relay.connectionsAccepted() == 1);
}

TEST_CASE("a kept-alive connection the platform closed is replaced without the caller noticing",
          "[https][keepalive]") {
    RelayedClient relayed;
    auto& [platform, relay, client] = relayed;
    REQUIRE(client.send(catalogRequest()));

    relay.dropConnections();
    auto response = client.send(catalogRequest());

    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(relay.connectionsAccepted() == 2);
}

TEST_CASE("a request lost on a stale kept-alive connection is sent again on a new one",
          "[https][keepalive]") {
    RelayedClient relayed;
    auto& [platform, relay, client] = relayed;
    REQUIRE(client.send(catalogRequest()));

    relay.dropNextRequest();
    auto response = client.send(catalogRequest());

    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(relay.connectionsAccepted() == 2);
}

TEST_CASE("after disconnect the next request opens a new connection", "[https][keepalive]") {
    RelayedClient relayed;
    auto& [platform, relay, client] = relayed;
    REQUIRE(client.send(catalogRequest()));

    client.disconnect();
    auto response = client.send(catalogRequest());

    REQUIRE(response);
    CHECK(relay.connectionsAccepted() == 2);
}

TEST_CASE("after the platform restarts the client reconnects transparently", "[https][keepalive]") {
    TestPlatform platform;
    HttpsClient client(platform.clientConfig());
    REQUIRE(client.send(catalogRequest()));

    platform.restart();
    auto response = client.send(catalogRequest());

    REQUIRE(response);
    CHECK(response->status == 200);
}

TEST_CASE("while the platform is down requests fail as unavailable and succeed once it is back",
          "[https][faults]") {
    TestPlatform platform;
    HttpsClient client(platform.clientConfig());
    REQUIRE(client.send(catalogRequest()));

    platform.stop();
    auto down = client.send(catalogRequest());
    platform.restart();
    auto back = client.send(catalogRequest());

    REQUIRE_FALSE(down);
    CHECK(down.error().code == ErrorCode::unavailable);
    REQUIRE(back);
    CHECK(back->status == 200);
}

TEST_CASE("a header that would split the request is refused before anything is sent", "[https]") {
    RelayedClient relayed;
    auto& [platform, relay, client] = relayed;
    HttpRequest request = catalogRequest();
    request.headers["If-None-Match"] = "\"v1\"\r\nX-Injected: yes";

    auto response = client.send(request);

    REQUIRE_FALSE(response);
    CHECK(response.error().code == ErrorCode::invalidInput);
    CHECK(relay.connectionsAccepted() == 0);
}

}  // namespace yimen::network::test
