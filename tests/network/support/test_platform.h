// The reference platform on 127.0.0.1 in a private state directory, with the kiosk's TLS settings to reach
// it.
#pragma once

#include <memory>
#include <string>

#include "network/tls_config.h"
#include "platform/pki.h"
#include "platform/server.h"
#include "tests/support/temp_dir.h"

namespace yimen::network::test {

// Starts at construction (throws with the platform's error if it cannot); stops at destruction.
class TestPlatform {
public:
    TestPlatform();
    ~TestPlatform();
    TestPlatform(const TestPlatform&) = delete;
    TestPlatform& operator=(const TestPlatform&) = delete;

    unsigned short port() const { return port_; }
    // A file of the platform's PKI directory: ca.crt, issuing.crt, kiosk-0001.crt (as issued), ...
    std::string pkiFile(const std::string& name) const;
    // A file of the enrolled kiosk-0001's own folder: kiosk-0001.key (made there), kiosk-0001.crt, .csr.
    std::string kioskFile(const std::string& name) const;
    // A scratch file path inside the state directory's parent, for extra certificates.
    std::string scratchFile(const std::string& name) const { return dir_.file(name); }

    // The kiosk's settings: host 127.0.0.1, the pinned platform CA, kiosk-0001's certificate, short timeouts.
    TlsClientConfig clientConfig() const;
    // The settings this platform runs with; tests change them and pass them to restartWith().
    platform::ServerConfig serverConfig() const;

    void stop();
    // Stops, then starts again on the same port with the same state (applications, keys, PKI).
    void restart();
    void restartWith(platform::ServerConfig config);

private:
    yimen::testing::TempDir dir_;
    unsigned short port_ = 0;
    std::unique_ptr<platform::Server> server_;
};

// GET /api/v1/catalog on a fresh connection made with `config`: the HTTP status, 0 when nothing answered
// (refused, a TLS failure).
int catalogStatus(const TlsClientConfig& config);

}  // namespace yimen::network::test
