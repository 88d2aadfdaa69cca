// Tests of network/certificate_renewal.cpp: the kiosk renews its own certificate before it expires, against
// the real platform on 127.0.0.1, and never loses the pair that works.
#include "network/certificate_renewal.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include <catch2/catch.hpp>

#include "application_payload.h"
#include "common/tls/keys.h"
#include "network/kiosk_identity.h"
#include "network/platform_api.h"
#include "platform/revocation.h"
#include "scripted_tls_server.h"
#include "test_platform.h"
#include "tests/platform/support/kiosk_enrolment.h"
#include "wait_until.h"

using namespace yimen;
using namespace yimen::network;
using namespace yimen::network::test;

namespace {

constexpr long kDay = 24 * 3600;

std::string fileContent(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

tls::CertificateSummary summary(const std::string& certFile) {
    Expected<tls::CertificateSummary> s = tls::summarizeFile(certFile);
    REQUIRE(s);
    return *s;
}

// kiosk-0001's settings with a certificate of its own key, signed by the platform's issuing CA for
// `validity`: 80 of its 90 days gone by default, so renewal is due.
TlsClientConfig kioskWith(const TestPlatform& platform,
                          yimen::platform::pki::Validity validity = {-80 * kDay, 10 * kDay}) {
    const testing::EnrolledKiosk kiosk =
        testing::signKioskCertificate(platform.pkiFile("issuing.crt"), platform.pkiFile("issuing.key"),
                                      platform.scratchFile("own"), "kiosk-0001", validity);
    TlsClientConfig config = platform.clientConfig();
    config.certFile = kiosk.certFile;
    config.keyFile = kiosk.keyFile;
    return config;
}

Catalog catalogOf(PlatformApi& api) {
    auto fetched = api.fetchCatalog("");
    REQUIRE(fetched);
    auto parsed = parseCatalog(fetched->json);
    REQUIRE(parsed);
    return *parsed;
}

RenewalPolicy quickRetries() {
    RenewalPolicy policy;
    policy.retryFirst = std::chrono::milliseconds(10);
    policy.retryMax = std::chrono::milliseconds(40);
    return policy;
}

}  // namespace

TEST_CASE("renewal is due once less than the configured part of the lifetime is left", "[renewal]") {
    const std::int64_t start = 1'000'000, end = start + 90 * kDay;
    CHECK_FALSE(renewalDue(start, end, start, 1.0 / 3));
    CHECK_FALSE(renewalDue(start, end, start + 59 * kDay, 1.0 / 3));  // 31 days left
    CHECK(renewalDue(start, end, start + 61 * kDay, 1.0 / 3));        // 29 days left
    CHECK(renewalDue(start, end, end + kDay, 1.0 / 3));               // expired
    CHECK_FALSE(renewalDue(start, end, start + 80 * kDay, 0.1));      // 10 days left of 9 allowed
    CHECK(renewalDue(start, end, start + 82 * kDay, 0.1));
}

TEST_CASE("a certificate far from expiry is left alone", "[renewal]") {
    TestPlatform platform;
    const TlsClientConfig config = platform.clientConfig();
    const std::string before = fileContent(config.certFile);
    CertificateRenewal renewal(config, "kiosk-0001");

    Expected<CertificateRenewal::Outcome> outcome = renewal.checkNow();

    REQUIRE(outcome);
    CHECK(*outcome == CertificateRenewal::Outcome::notDue);
    CHECK(fileContent(config.certFile) == before);
}

TEST_CASE("a kiosk near expiry renews over its link and its next submission goes out on the new certificate",
          "[renewal]") {
    TestPlatform platform;
    const TlsClientConfig config = kioskWith(platform);
    const tls::CertificateSummary old = summary(config.certFile);
    const std::string oldKey = fileContent(config.keyFile);
    // The submission client is connected (and has loaded the old certificate) before the renewal.
    HttpsClient submissions(config);
    PlatformApi api(submissions);
    const Catalog catalog = catalogOf(api);

    CertificateRenewal renewal(config, "kiosk-0001");
    Expected<CertificateRenewal::Outcome> outcome = renewal.checkNow();

    REQUIRE(outcome);
    CHECK(*outcome == CertificateRenewal::Outcome::renewed);
    const tls::CertificateSummary renewed = summary(config.certFile);
    CHECK(renewed.serial != old.serial);
    CHECK(renewed.commonName == "kiosk-0001");
    CHECK(renewed.notAfter > old.notAfter + 70 * kDay);  // 90 days from now, not 10
    CHECK(renewed.notAfter - renewed.notBefore == 90 * kDay + 3600);
    CHECK(fileContent(config.keyFile) != oldKey);
    CHECK_FALSE(std::filesystem::exists(config.certFile + ".next"));
    CHECK_FALSE(std::filesystem::exists(config.keyFile + ".next"));
    // Nothing due any more.
    REQUIRE(renewal.checkNow());
    CHECK(*renewal.checkNow() == CertificateRenewal::Outcome::notDue);

    // With the old certificate revoked, only the new one can deliver.
    REQUIRE(yimen::platform::revoke(platform.pkiFile(""), old.serial));
    const std::string receipt = receiptNumber(1);
    const WriteOutcome delivered = api.createApplication(
        "key-renewed-0001", receipt, applicationJson(catalog.items.front(), receipt, "123456"));
    CHECK(delivered.delivered);
}

TEST_CASE("a platform that refuses the renewal leaves the old certificate and key working", "[renewal]") {
    TestPlatform platform;
    TlsClientConfig config = kioskWith(platform);
    const std::string oldCert = fileContent(config.certFile), oldKey = fileContent(config.keyFile);
    ScriptedTlsServer refusing(
        platform.pkiFile("server.crt"), platform.pkiFile("server.key"),
        "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    TlsClientConfig towardsRefusing = config;
    towardsRefusing.port = refusing.port();

    CertificateRenewal renewal(towardsRefusing, "kiosk-0001", quickRetries());
    Expected<CertificateRenewal::Outcome> outcome = renewal.checkNow();
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error().code == ErrorCode::serverError);

    // The worker keeps retrying with back-off, and the pair in use never changes.
    renewal.start();
    CHECK(waitUntil([&] { return renewal.checks() >= 3; }));
    renewal.stop();
    CHECK(renewal.renewals() == 0);
    CHECK(fileContent(config.certFile) == oldCert);
    CHECK(fileContent(config.keyFile) == oldKey);
    CHECK(catalogStatus(config) == 200);
}

TEST_CASE("a revoked certificate cannot renew itself", "[renewal]") {
    TestPlatform platform;
    const TlsClientConfig config = kioskWith(platform);
    const std::string oldCert = fileContent(config.certFile), oldKey = fileContent(config.keyFile);
    REQUIRE(yimen::platform::revoke(platform.pkiFile(""), summary(config.certFile).serial));
    CertificateRenewal renewal(config, "kiosk-0001");

    Expected<CertificateRenewal::Outcome> outcome = renewal.checkNow();

    REQUIRE_FALSE(outcome);
    CHECK(outcome.error().code == ErrorCode::rejected);
    CHECK_THAT(outcome.error().message, Catch::Matchers::Contains("403"));
    CHECK(fileContent(config.certFile) == oldCert);
    CHECK(fileContent(config.keyFile) == oldKey);
}

TEST_CASE("the renewal worker checks at start and renews a certificate that is due", "[renewal]") {
    TestPlatform platform;
    const TlsClientConfig config = kioskWith(platform);
    const std::string oldSerial = summary(config.certFile).serial;

    CertificateRenewal renewal(config, "kiosk-0001");
    renewal.start();
    CHECK(waitUntil([&] { return renewal.renewals() == 1; }));
    renewal.stop();

    CHECK(summary(config.certFile).serial != oldSerial);
    CHECK(catalogStatus(config) == 200);
}

TEST_CASE("a renewal interrupted before the pair was replaced is undone, after the key it is completed",
          "[renewal]") {
    TestPlatform platform;
    const TlsClientConfig config = kioskWith(platform);
    const std::string oldCert = fileContent(config.certFile), oldKey = fileContent(config.keyFile);
    Expected<KeyAndCsr> fresh = makeKeyAndCsr("kiosk-0001");
    REQUIRE(fresh);

    SECTION("both new files written, neither renamed: the old pair stays") {
        std::ofstream(config.keyFile + ".next") << fresh->keyPem;
        std::ofstream(config.certFile + ".next") << "a certificate";
        REQUIRE(finishInterruptedRenewal(config));
        CHECK_FALSE(std::filesystem::exists(config.keyFile + ".next"));
        CHECK_FALSE(std::filesystem::exists(config.certFile + ".next"));
        CHECK(fileContent(config.certFile) == oldCert);
        CHECK(fileContent(config.keyFile) == oldKey);
    }
    SECTION("the new key in place, its certificate not yet: the certificate follows") {
        // A certificate for the new key, as the platform would have answered.
        Expected<std::unique_ptr<yimen::platform::pki::Issuer>> issuer = yimen::platform::pki::Issuer::load(
            platform.pkiFile("issuing.crt"), platform.pkiFile("issuing.key"));
        REQUIRE(issuer);
        Expected<yimen::platform::pki::IssuedCertificate> issued =
            (*issuer)->signKioskCsr(fresh->csrPem, "kiosk-0001", yimen::platform::pki::kioskValidity());
        REQUIRE(issued);
        std::ofstream(config.keyFile, std::ios::trunc) << fresh->keyPem;
        std::ofstream(config.certFile + ".next") << issued->pem;
        CHECK(catalogStatus(config) == 0);  // a key without its certificate

        REQUIRE(finishInterruptedRenewal(config));
        CHECK(fileContent(config.certFile) == issued->pem);
        CHECK(catalogStatus(config) == 200);
    }
}
