// Kiosk certificates over the live link: renewal with a CSR (POST /api/v1/kiosks/self/certificate),
// revocation by the operator while the server runs, and a server that serves without the root CA's key.
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "network/kiosk_identity.h"
#include "platform/admin_commands.h"
#include "platform/command_line.h"
#include "platform/pki.h"
#include "platform/server.h"
#include "tests/platform/tls_test_client.h"
#include "tests/support/temp_dir.h"

using namespace yimen;
using namespace yimen::platform;
using namespace yimen::testing;
using nlohmann::json;

namespace {

constexpr const char* kRenewal = "/api/v1/kiosks/self/certificate";

class Platform {
public:
    // With kiosk-0001 enrolled as terminal 1.
    Platform() {
        start();
        enrol("kiosk-0001", 1);
    }
    void start() {
        auto started = Server::start({.stateDir = state()});
        REQUIRE(started.hasValue());
        server_ = std::move(*started);
    }
    void stop() { server_.reset(); }
    std::string state() const { return dir_ / "state"; }
    std::string pki(const std::string& file) const { return state() + "/pki/" + file; }
    std::string scratch(const std::string& file) const { return dir_ / file; }
    unsigned short port() const { return server_->port(); }

    TestTls kiosk(const std::string& id = "kiosk-0001") const {
        return {pki("ca.crt"), pki(id + ".crt"), dir_ / ("kiosks/" + id + ".key")};
    }
    TestResponse request(const TestTls& tls, const std::string& method, const std::string& target,
                         const std::string& body = {}) const {
        TlsTestClient client(port(), tls);
        Expected<TestResponse> r = client.send(method, target, body);
        REQUIRE(r.hasValue());
        return *r;
    }
    // A kiosk enrolled the way a real one is: its key made on its side, its CSR signed by issue-kiosk.
    TestTls enrol(const std::string& id, int terminal) const {
        REQUIRE(network::writeKeyAndCsr(dir_ / "kiosks", id).hasValue());
        REQUIRE(admin({"issue-kiosk", id, "--terminal", std::to_string(terminal), "--csr",
                       dir_ / ("kiosks/" + id + ".csr")}) == 0);
        return kiosk(id);
    }
    int admin(std::vector<std::string> args) const {
        args.insert(args.begin(), {"--state", state()});
        Expected<CommandLine> cl = parseCommandLine(args);
        REQUIRE(cl.hasValue());
        std::ostringstream out, err;
        return runAdminCommand(*cl, out, err);
    }

private:
    TempDir dir_;
    std::unique_ptr<Server> server_;
};

std::unique_ptr<X509, decltype(&X509_free)> certFromPem(const std::string& pem) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
                                                  &BIO_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr),
                                                     &X509_free);
    REQUIRE(cert);
    return cert;
}

void writeFile(const std::string& path, const std::string& content) {
    std::ofstream(path, std::ios::binary) << content;
}

}  // namespace

TEST_CASE("a kiosk renews its certificate with a CSR for its own name and connects with the new one",
          "[server][pki]") {
    Platform platform;
    Expected<network::KeyAndCsr> fresh = network::makeKeyAndCsr("kiosk-0001");
    REQUIRE(fresh.hasValue());

    const TestResponse renewed = platform.request(platform.kiosk(), "POST", kRenewal, fresh->csrPem);
    REQUIRE(renewed.status == 201);
    CHECK(renewed.header("content-type") == "application/x-pem-file");
    auto cert = certFromPem(renewed.body);
    int days = 0, seconds = 0;
    REQUIRE(ASN1_TIME_diff(&days, &seconds, nullptr, X509_get0_notAfter(cert.get())) == 1);
    CHECK(days * 86400 + seconds > 90 * 86400 - 60);
    CHECK(days * 86400 + seconds <= 90 * 86400);
    CHECK(pki::serialHex(cert.get()) != pki::serialOfFile(platform.pki("kiosk-0001.crt")).value());

    writeFile(platform.scratch("renewed.crt"), renewed.body);
    writeFile(platform.scratch("renewed.key"), fresh->keyPem);
    const TestTls renewedTls{platform.pki("ca.crt"), platform.scratch("renewed.crt"),
                             platform.scratch("renewed.key")};
    CHECK(platform.request(renewedTls, "GET", "/api/v1/catalog").status == 200);
}

TEST_CASE("a renewal whose CSR names another kiosk is refused with 403", "[server][pki]") {
    Platform platform;
    Expected<network::KeyAndCsr> other = network::makeKeyAndCsr("kiosk-0002");
    REQUIRE(other.hasValue());
    const TestResponse refused = platform.request(platform.kiosk(), "POST", kRenewal, other->csrPem);
    CHECK(refused.status == 403);
    CHECK(json::parse(refused.body)["error"]["code"] == "certificate_name_mismatch");
    const TestResponse garbage = platform.request(platform.kiosk(), "POST", kRenewal, "not a request");
    CHECK(garbage.status == 422);
    CHECK(json::parse(garbage.body)["error"]["code"] == "invalid_csr");
    CHECK(platform.request(platform.kiosk(), "GET", kRenewal).status == 405);
}

TEST_CASE("a revoked certificate is refused while the server runs; an unrevoked one is still served",
          "[server][pki]") {
    Platform platform;
    const TestTls second = platform.enrol("kiosk-0002", 2);
    REQUIRE(platform.request(platform.kiosk(), "GET", "/api/v1/catalog").status == 200);
    REQUIRE(platform.request(second, "GET", "/api/v1/catalog").status == 200);

    REQUIRE(platform.admin({"revoke", "kiosk-0001"}) == 0);
    const TestResponse refused = platform.request(platform.kiosk(), "GET", "/api/v1/catalog");
    CHECK(refused.status == 403);
    CHECK(json::parse(refused.body)["error"]["code"] == "certificate_revoked");
    CHECK(platform.request(second, "GET", "/api/v1/catalog").status == 200);

    // Also by serial, and a revoked kiosk cannot renew its way out.
    REQUIRE(platform.admin({"revoke", pki::serialOfFile(second.certFile).value()}) == 0);
    Expected<network::KeyAndCsr> fresh = network::makeKeyAndCsr("kiosk-0002");
    REQUIRE(fresh.hasValue());
    CHECK(platform.request(second, "POST", kRenewal, fresh->csrPem).status == 403);
}

TEST_CASE("revoking a kiosk by its id also revokes the certificates it renewed", "[server][pki]") {
    Platform platform;
    Expected<network::KeyAndCsr> fresh = network::makeKeyAndCsr("kiosk-0001");
    REQUIRE(fresh.hasValue());
    const TestResponse renewed = platform.request(platform.kiosk(), "POST", kRenewal, fresh->csrPem);
    REQUIRE(renewed.status == 201);
    writeFile(platform.scratch("renewed.crt"), renewed.body);
    writeFile(platform.scratch("renewed.key"), fresh->keyPem);
    REQUIRE(platform.admin({"revoke", "kiosk-0001"}) == 0);
    const TestTls renewedTls{platform.pki("ca.crt"), platform.scratch("renewed.crt"),
                             platform.scratch("renewed.key")};
    CHECK(platform.request(renewedTls, "GET", "/api/v1/catalog").status == 403);
}

TEST_CASE("the server serves and renews with the root CA's key taken offline", "[server][pki]") {
    Platform platform;
    platform.stop();
    std::filesystem::rename(platform.state() + "/root-ca", platform.scratch("offline-root-ca"));
    platform.start();
    for (const auto& entry : std::filesystem::recursive_directory_iterator(platform.state())) {
        INFO(entry.path());
        CHECK(entry.path().filename() != "ca.key");
    }
    CHECK(platform.request(platform.kiosk(), "GET", "/api/v1/catalog").status == 200);
    Expected<network::KeyAndCsr> fresh = network::makeKeyAndCsr("kiosk-0001");
    REQUIRE(fresh.hasValue());
    CHECK(platform.request(platform.kiosk(), "POST", kRenewal, fresh->csrPem).status == 201);
    // issue-kiosk needs only the issuing CA too.
    const TestTls second = platform.enrol("kiosk-0002", 2);
    CHECK(platform.request(second, "GET", "/api/v1/catalog").status == 200);
}

TEST_CASE("a revocation reaches a kiosk's connection that is kept alive", "[server][pki]") {
    Platform platform;
    TlsTestClient client(platform.port(), platform.kiosk());
    Expected<TestResponse> before = client.send("GET", "/api/v1/catalog");
    REQUIRE(before.hasValue());
    REQUIRE(before->status == 200);
    REQUIRE(platform.admin({"revoke", "kiosk-0001"}) == 0);
    Expected<TestResponse> after = client.send("GET", "/api/v1/catalog");
    REQUIRE(after.hasValue());
    CHECK(after->status == 403);
    CHECK(client.connectionCount() == 1);
}
