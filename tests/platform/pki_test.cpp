// Tests of platform/pki.cpp: the certificates a kiosk and the platform need for mutual TLS.
#include "platform/pki.h"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include <catch2/catch.hpp>

#include "network/kiosk_identity.h"
#include "tests/platform/support/kiosk_enrolment.h"
#include "tests/support/temp_dir.h"

using namespace yimen;
using namespace yimen::platform;
using yimen::testing::enrolKiosk;
using yimen::testing::EnrolledKiosk;
using yimen::testing::signKioskCertificate;
using yimen::testing::TempDir;

namespace {

using CertPtr = std::unique_ptr<X509, decltype(&X509_free)>;

CertPtr readCert(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "r");
    REQUIRE(f != nullptr);
    CertPtr cert(PEM_read_X509(f, nullptr, nullptr, nullptr), &X509_free);
    std::fclose(f);
    REQUIRE(cert);
    return cert;
}

std::string commonName(X509* cert) {
    char buffer[256] = {};
    X509_NAME* name = X509_get_subject_name(cert);
    const int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    REQUIRE(index >= 0);
    const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
    std::snprintf(buffer, sizeof buffer, "%.*s", ASN1_STRING_length(data),
                  reinterpret_cast<const char*>(ASN1_STRING_get0_data(data)));
    return buffer;
}

// Verifies `leaf` against `ca` for `purpose` (X509_PURPOSE_SSL_SERVER / _CLIENT); returns the X509 error.
int verify(X509* ca, X509* leaf, int purpose) {
    std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), &X509_STORE_free);
    X509_STORE_add_cert(store.get(), ca);
    std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(),
                                                                        &X509_STORE_CTX_free);
    X509_STORE_CTX_init(ctx.get(), store.get(), leaf, nullptr);
    X509_STORE_CTX_set_purpose(ctx.get(), purpose);
    X509_verify_cert(ctx.get());
    return X509_STORE_CTX_get_error(ctx.get());
}

unsigned permissions(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

std::string serial(X509* cert) {
    std::unique_ptr<BIGNUM, decltype(&BN_free)> bn(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr),
                                                   &BN_free);
    std::unique_ptr<char, void (*)(char*)> hex(BN_bn2hex(bn.get()), [](char* p) { OPENSSL_free(p); });
    return hex.get();
}

}  // namespace

TEST_CASE("the CA is a self-signed EC P-256 certificate authority with a private key only its owner reads",
          "[pki]") {
    TempDir dir;
    REQUIRE(pki::createCa(dir / "ca.crt", dir / "ca.key", "Test CA").hasValue());
    CertPtr ca = readCert(dir / "ca.crt");
    CHECK(commonName(ca.get()) == "Test CA");
    CHECK(X509_check_ca(ca.get()) >= 1);
    CHECK((X509_get_key_usage(ca.get()) & (KU_KEY_CERT_SIGN | KU_CRL_SIGN)) ==
          (KU_KEY_CERT_SIGN | KU_CRL_SIGN));
    CHECK(X509_get_extension_flags(ca.get()) & EXFLAG_SS);
    EVP_PKEY* key = X509_get0_pubkey(ca.get());
    CHECK(EVP_PKEY_is_a(key, "EC"));
    char group[64] = {};
    REQUIRE(EVP_PKEY_get_utf8_string_param(key, "group", group, sizeof group, nullptr) == 1);
    CHECK(std::string(group) == "prime256v1");
    CHECK(permissions(dir / "ca.key") == 0600);
}

TEST_CASE("a server certificate chains to the CA and names localhost and 127.0.0.1", "[pki]") {
    TempDir dir;
    REQUIRE(pki::createCa(dir / "ca.crt", dir / "ca.key", "Test CA").hasValue());
    REQUIRE(pki::issueServerCert(dir / "ca.crt", dir / "ca.key", dir / "s.crt", dir / "s.key", "localhost")
                .hasValue());
    CertPtr ca = readCert(dir / "ca.crt"), server = readCert(dir / "s.crt");
    CHECK(verify(ca.get(), server.get(), X509_PURPOSE_SSL_SERVER) == X509_V_OK);
    CHECK(verify(ca.get(), server.get(), X509_PURPOSE_SSL_CLIENT) != X509_V_OK);
    CHECK(X509_check_host(server.get(), "localhost", 0, 0, nullptr) == 1);
    CHECK(X509_check_ip_asc(server.get(), "127.0.0.1", 0) == 1);
    CHECK(X509_check_ip_asc(server.get(), "10.0.0.1", 0) == 0);
    CHECK(X509_check_ca(server.get()) == 0);
    CHECK(permissions(dir / "s.key") == 0600);
}

TEST_CASE("a kiosk certificate is for client authentication and carries the kiosk id as CN", "[pki]") {
    TempDir dir;
    REQUIRE(pki::createCa(dir / "ca.crt", dir / "ca.key", "Test CA").hasValue());
    const EnrolledKiosk enrolled =
        signKioskCertificate(dir / "ca.crt", dir / "ca.key", dir / "k", "kiosk-0042");
    CertPtr ca = readCert(dir / "ca.crt"), kiosk = readCert(enrolled.certFile);
    CHECK(commonName(kiosk.get()) == "kiosk-0042");
    CHECK(verify(ca.get(), kiosk.get(), X509_PURPOSE_SSL_CLIENT) == X509_V_OK);
    CHECK(verify(ca.get(), kiosk.get(), X509_PURPOSE_SSL_SERVER) != X509_V_OK);
    CHECK(permissions(enrolled.keyFile) == 0600);
}

TEST_CASE("certificates get random serial numbers and the validity asked for", "[pki]") {
    TempDir dir;
    REQUIRE(pki::createCa(dir / "ca.crt", dir / "ca.key", "Test CA").hasValue());
    const EnrolledKiosk a = signKioskCertificate(dir / "ca.crt", dir / "ca.key", dir / "k", "a");
    const EnrolledKiosk b = signKioskCertificate(dir / "ca.crt", dir / "ca.key", dir / "k", "b");
    CHECK(serial(readCert(a.certFile).get()) != serial(readCert(b.certFile).get()));

    const EnrolledKiosk expired =
        signKioskCertificate(dir / "ca.crt", dir / "ca.key", dir / "k", "old", {-7200, -3600});
    CertPtr ca = readCert(dir / "ca.crt"), old = readCert(expired.certFile);
    CHECK(verify(ca.get(), old.get(), X509_PURPOSE_SSL_CLIENT) == X509_V_ERR_CERT_HAS_EXPIRED);
}

TEST_CASE("issuing with a key that does not belong to the CA is refused", "[pki]") {
    TempDir dir;
    REQUIRE(pki::createCa(dir / "ca.crt", dir / "ca.key", "CA one").hasValue());
    REQUIRE(pki::createCa(dir / "other.crt", dir / "other.key", "CA two").hasValue());
    Status s = pki::issueServerCert(dir / "ca.crt", dir / "other.key", dir / "s.crt", dir / "s.key", "s");
    REQUIRE_FALSE(s.hasValue());
    CHECK(s.error().code == ErrorCode::crypto);
    Status missing =
        pki::issueServerCert(dir / "nope.crt", dir / "ca.key", dir / "s.crt", dir / "s.key", "s");
    REQUIRE_FALSE(missing.hasValue());
    CHECK(missing.error().code == ErrorCode::io);
}

TEST_CASE("ensurePki creates what is missing and keeps what exists", "[pki]") {
    TempDir dir;
    const std::string pkiDir = dir / "pki";
    REQUIRE(pki::ensurePki(pkiDir).hasValue());
    const std::string caSerial = serial(readCert(pkiDir + "/ca.crt").get());
    CHECK(permissions(pkiDir) == 0700);

    std::remove((pkiDir + "/server.crt").c_str());
    REQUIRE(pki::ensurePki(pkiDir).hasValue());
    CHECK(serial(readCert(pkiDir + "/ca.crt").get()) == caSerial);
    CertPtr ca = readCert(pkiDir + "/ca.crt"), server = readCert(pkiDir + "/server.crt");
    CHECK(verify(ca.get(), server.get(), X509_PURPOSE_SSL_SERVER) == X509_V_OK);
}

TEST_CASE("ensurePki refuses to issue when the CA key is gone instead of starting a second CA", "[pki]") {
    TempDir dir;
    const std::string pkiDir = dir / "pki";
    REQUIRE(pki::ensurePki(pkiDir).hasValue());
    std::remove((dir / "root-ca/ca.key").c_str());
    CHECK(pki::ensurePki(pkiDir).hasValue());  // nothing to issue: fine
    std::remove((pkiDir + "/server.crt").c_str());
    Status s = pki::ensurePki(pkiDir);
    REQUIRE_FALSE(s.hasValue());
    CHECK(s.error().message.find("ca.key") != std::string::npos);
}

TEST_CASE("a kiosk certificate lives 90 days, not years", "[pki]") {
    TempDir dir;
    CertPtr kiosk = readCert(enrolKiosk(dir / "state", dir / "kiosk").certFile);
    int days = 0, seconds = 0;
    REQUIRE(ASN1_TIME_diff(&days, &seconds, nullptr, X509_get0_notAfter(kiosk.get())) == 1);
    CHECK(days >= 89);
    CHECK(days <= 90);
}

TEST_CASE("the root CA's key is kept out of the folder the server reads its TLS files from", "[pki]") {
    TempDir dir;
    REQUIRE(pki::ensurePki(dir / "state/pki").hasValue());
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir / "state/pki")) {
        INFO(entry.path());
        CHECK(entry.path().filename() != "ca.key");
    }
}

TEST_CASE("a state directory of the older layout has its root key moved out of pki/", "[pki]") {
    TempDir dir;
    const std::string pkiDir = dir / "state/pki";
    std::filesystem::create_directories(pkiDir);
    REQUIRE(pki::createCa(pkiDir + "/ca.crt", pkiDir + "/ca.key", "Old CA").hasValue());
    REQUIRE(pki::ensurePki(pkiDir).hasValue());
    CHECK_FALSE(std::filesystem::exists(pkiDir + "/ca.key"));
    CHECK(std::filesystem::exists(dir / "state/root-ca/ca.key"));
    CertPtr root = readCert(pkiDir + "/ca.crt"), issuing = readCert(pkiDir + "/issuing.crt");
    CHECK(verify(root.get(), issuing.get(), X509_PURPOSE_ANY) == X509_V_OK);
}

namespace {

std::unique_ptr<pki::Issuer> issuerOf(const std::string& pkiDir) {
    Expected<std::unique_ptr<pki::Issuer>> issuer =
        pki::Issuer::load(pkiDir + "/issuing.crt", pkiDir + "/issuing.key");
    REQUIRE(issuer.hasValue());
    return std::move(*issuer);
}

CertPtr certFromPem(const std::string& pem) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
                                                  &BIO_free);
    CertPtr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), &X509_free);
    REQUIRE(cert);
    return cert;
}

}  // namespace

TEST_CASE("the issuing CA signs a kiosk's CSR: the certificate holds the kiosk's key, which never left it",
          "[pki]") {
    TempDir dir;
    const std::string pkiDir = dir / "pki";
    REQUIRE(pki::ensurePki(pkiDir).hasValue());
    Expected<network::KeyAndCsr> kiosk = network::makeKeyAndCsr("kiosk-0042");
    REQUIRE(kiosk.hasValue());
    CHECK(kiosk->csrPem.find("PRIVATE KEY") == std::string::npos);

    Expected<pki::IssuedCertificate> issued =
        issuerOf(pkiDir)->signKioskCsr(kiosk->csrPem, "kiosk-0042", pki::kioskValidity(30));
    REQUIRE(issued.hasValue());
    CertPtr cert = certFromPem(issued->pem);
    CHECK(commonName(cert.get()) == "kiosk-0042");
    CHECK(issued->serial == pki::serialHex(cert.get()));
    std::unique_ptr<BIO, decltype(&BIO_free)> keyBio(
        BIO_new_mem_buf(kiosk->keyPem.data(), static_cast<int>(kiosk->keyPem.size())), &BIO_free);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
    CHECK(X509_check_private_key(cert.get(), key.get()) == 1);
    int days = 0, seconds = 0;
    REQUIRE(ASN1_TIME_diff(&days, &seconds, nullptr, X509_get0_notAfter(cert.get())) == 1);
    CHECK(days * 86400 + seconds > 30 * 86400 - 60);
    CHECK(days * 86400 + seconds <= 30 * 86400);

    // It chains to the pinned root through the issuing CA, as a client certificate.
    CertPtr root = readCert(pkiDir + "/ca.crt"), issuing = readCert(pkiDir + "/issuing.crt");
    std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), &X509_STORE_free);
    X509_STORE_add_cert(store.get(), root.get());
    X509_STORE_add_cert(store.get(), issuing.get());
    std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(),
                                                                        &X509_STORE_CTX_free);
    X509_STORE_CTX_init(ctx.get(), store.get(), cert.get(), nullptr);
    X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_CLIENT);
    CHECK(X509_verify_cert(ctx.get()) == 1);
}

TEST_CASE("the issuing CA refuses a CSR for another kiosk's name and anything that is not a CSR", "[pki]") {
    TempDir dir;
    const std::string pkiDir = dir / "pki";
    REQUIRE(pki::ensurePki(pkiDir).hasValue());
    auto issuer = issuerOf(pkiDir);
    Expected<network::KeyAndCsr> other = network::makeKeyAndCsr("kiosk-0002");
    REQUIRE(other.hasValue());
    Expected<pki::IssuedCertificate> wrongName =
        issuer->signKioskCsr(other->csrPem, "kiosk-0001", pki::kioskValidity());
    REQUIRE_FALSE(wrongName.hasValue());
    CHECK(wrongName.error().code == ErrorCode::rejected);
    Expected<pki::IssuedCertificate> garbage = issuer->signKioskCsr(
        "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n", "kiosk-0001", pki::kioskValidity());
    REQUIRE_FALSE(garbage.hasValue());
    CHECK(garbage.error().code == ErrorCode::invalidInput);
    std::string tampered = other->csrPem;
    tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
    CHECK_FALSE(issuer->signKioskCsr(tampered, "kiosk-0002", pki::kioskValidity()).hasValue());
}

TEST_CASE("ensurePki makes no kiosk's key or certificate and keeps an enrolled kiosk's certificate",
          "[pki]") {
    TempDir dir;
    const std::string pkiDir = dir / "state/pki";
    REQUIRE(pki::ensurePki(pkiDir).hasValue());
    CHECK_FALSE(std::filesystem::exists(pkiDir + "/kiosk-0001.crt"));
    CHECK_FALSE(std::filesystem::exists(pkiDir + "/kiosk-0001.key"));

    const EnrolledKiosk enrolled = enrolKiosk(dir / "state", dir / "kiosk");
    REQUIRE(pki::ensurePki(pkiDir).hasValue());
    CHECK(pki::serialHex(readCert(pkiDir + "/kiosk-0001.crt").get()) == enrolled.serial);
    CHECK_FALSE(std::filesystem::exists(pkiDir + "/kiosk-0001.key"));
}
