// The platform's TLS policy as a client sees it: which protocol versions and cipher suites it accepts.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include <catch2/catch.hpp>

#include "platform/server.h"
#include "tests/platform/support/kiosk_enrolment.h"
#include "tests/support/temp_dir.h"

using namespace yimen;
using namespace yimen::platform;
using namespace yimen::testing;

namespace {

struct Offer {
    int maxVersion = 0;       // 0 = the newest OpenSSL speaks
    std::string tls12Suites;  // empty = OpenSSL's defaults
};

struct Outcome {
    bool handshake = false;
    std::string version, cipher;
    int status = 0;  // of GET /api/v1/catalog
};

// A client with the kiosk's certificate offering only `offer`.
Outcome connectWith(unsigned short port, const std::string& pki, const EnrolledKiosk& kiosk,
                    const Offer& offer) {
    Outcome outcome;
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_load_verify_locations(ctx, (pki + "/ca.crt").c_str(), nullptr);
    SSL_CTX_use_certificate_chain_file(ctx, kiosk.certFile.c_str());
    SSL_CTX_use_PrivateKey_file(ctx, kiosk.keyFile.c_str(), SSL_FILETYPE_PEM);
    if (offer.maxVersion)
        SSL_CTX_set_max_proto_version(ctx, offer.maxVersion);
    if (!offer.tls12Suites.empty())
        REQUIRE(SSL_CTX_set_cipher_list(ctx, offer.tls12Suites.c_str()) == 1);
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0);
    SSL* ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    if (SSL_connect(ssl) == 1) {
        outcome.handshake = true;
        outcome.version = SSL_get_version(ssl);
        outcome.cipher = SSL_get_cipher_name(ssl);
        const std::string request =
            "GET /api/v1/catalog HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        char reply[64] = {};
        if (SSL_write(ssl, request.data(), static_cast<int>(request.size())) > 0 &&
            SSL_read(ssl, reply, sizeof reply - 1) > 12)
            outcome.status = std::stoi(std::string(reply + 9, 3));
    }
    SSL_free(ssl);
    ::close(fd);
    SSL_CTX_free(ctx);
    return outcome;
}

class Platform {
public:
    Platform() {
        auto started = Server::start({.stateDir = dir_ / "state"});
        REQUIRE(started.hasValue());
        server_ = std::move(*started);
        kiosk_ = enrolKiosk(dir_ / "state", dir_ / "kiosk");
    }
    Outcome connect(const Offer& offer) {
        return connectWith(server_->port(), dir_ / "state/pki", kiosk_, offer);
    }

private:
    TempDir dir_;
    EnrolledKiosk kiosk_;
    std::unique_ptr<Server> server_;
};

}  // namespace

TEST_CASE("a client offering only CBC suites with SHA-1 on TLS 1.2 is refused", "[server][tls]") {
    Platform platform;
    const Outcome o = platform.connect(
        {TLS1_2_VERSION,
         "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES128-SHA:AES128-SHA:AES256-SHA"});
    CHECK_FALSE(o.handshake);
    CHECK(o.status == 0);
}

TEST_CASE("a client offering CBC suites with SHA-256 on TLS 1.2 is refused", "[server][tls]") {
    Platform platform;
    const Outcome o =
        platform.connect({TLS1_2_VERSION, "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA384"});
    CHECK_FALSE(o.handshake);
}

TEST_CASE("a TLS 1.2 client offering ECDHE with AES-GCM or ChaCha20-Poly1305 is served", "[server][tls]") {
    Platform platform;
    for (const char* suite : {"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
                              "ECDHE-ECDSA-CHACHA20-POLY1305"}) {
        const Outcome o = platform.connect({TLS1_2_VERSION, suite});
        CHECK(o.handshake);
        CHECK(o.version == "TLSv1.2");
        CHECK(o.cipher == suite);
        CHECK(o.status == 200);
    }
}

TEST_CASE("a client that speaks TLS 1.3 gets TLS 1.3; TLS 1.1 is refused", "[server][tls]") {
    Platform platform;
    const Outcome modern = platform.connect({});
    CHECK(modern.handshake);
    CHECK(modern.version == "TLSv1.3");
    CHECK(modern.status == 200);
    CHECK_FALSE(platform.connect({TLS1_1_VERSION, "DEFAULT@SECLEVEL=0"}).handshake);
}
