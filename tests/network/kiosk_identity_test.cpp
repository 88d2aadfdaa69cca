// Tests of network/kiosk_identity.cpp: the kiosk makes its own key and CSR, and renews its certificate over
// its mutual-TLS link to the real platform on 127.0.0.1.
#include "network/kiosk_identity.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include <catch2/catch.hpp>

#include "test_platform.h"

using namespace yimen;
using namespace yimen::network;
using namespace yimen::network::test;

namespace {

std::string fileContent(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

unsigned permissions(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

// The kiosk's settings with its certificate and key copied to files of its own, which renewal replaces.
TlsClientConfig ownCopy(const TestPlatform& platform) {
    TlsClientConfig config = platform.clientConfig();
    std::filesystem::copy_file(config.certFile, platform.scratchFile("kiosk.crt"));
    std::filesystem::copy_file(config.keyFile, platform.scratchFile("kiosk.key"));
    config.certFile = platform.scratchFile("kiosk.crt");
    config.keyFile = platform.scratchFile("kiosk.key");
    return config;
}

}  // namespace

TEST_CASE("enrolment writes the kiosk's key (0600) and a CSR that holds no private key", "[identity]") {
    TestPlatform platform;
    const std::string dir = platform.scratchFile("enrol");
    REQUIRE(writeKeyAndCsr(dir, "kiosk-0007"));
    CHECK(permissions(dir + "/kiosk-0007.key") == 0600);
    CHECK(permissions(dir) == 0700);
    const std::string csr = fileContent(dir + "/kiosk-0007.csr");
    CHECK(csr.find("BEGIN CERTIFICATE REQUEST") != std::string::npos);
    CHECK(csr.find("PRIVATE KEY") == std::string::npos);
    const Status again = writeKeyAndCsr(dir, "kiosk-0007");
    REQUIRE_FALSE(again);
    CHECK(again.error().code == ErrorCode::conflict);
}

TEST_CASE("a kiosk renews its certificate over its link and the next connection uses the new one",
          "[identity]") {
    TestPlatform platform;
    const TlsClientConfig config = ownCopy(platform);
    const std::string oldCert = fileContent(config.certFile), oldKey = fileContent(config.keyFile);
    HttpsClient client(config);

    Expected<std::string> renewed = renewCertificate(client, "kiosk-0001");

    REQUIRE(renewed);
    CHECK(fileContent(config.certFile) == *renewed);
    CHECK(*renewed != oldCert);
    CHECK(fileContent(config.keyFile) != oldKey);
    CHECK(permissions(config.keyFile) == 0600);
    CHECK(catalogStatus(config) == 200);
}

TEST_CASE("a renewal in another kiosk's name is refused and leaves the kiosk's files alone", "[identity]") {
    TestPlatform platform;
    const TlsClientConfig config = ownCopy(platform);
    const std::string oldCert = fileContent(config.certFile), oldKey = fileContent(config.keyFile);
    HttpsClient client(config);

    Expected<std::string> renewed = renewCertificate(client, "kiosk-0002");

    REQUIRE_FALSE(renewed);
    CHECK(renewed.error().code == ErrorCode::rejected);
    CHECK_THAT(renewed.error().message, Catch::Matchers::Contains("403"));
    CHECK(fileContent(config.certFile) == oldCert);
    CHECK(fileContent(config.keyFile) == oldKey);
    CHECK(catalogStatus(config) == 200);
}
