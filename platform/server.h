// yimen-platform's HTTPS server: the v1 API over mutual TLS on its own threads.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "common/error.h"
#include "platform/connection_limits.h"

namespace yimen::platform {

struct ServerConfig {
    std::string stateDir{};  // holds platform.db and pki/
    std::string host = "127.0.0.1";
    unsigned short port = 0;  // 0 = pick a free port
    int threads = 2;          // for TLS and HTTP
    // Requests handled at once. A create waits on its handler until the batch that stores it is committed
    // (see ApplicationStore), so this also bounds how many creates share one sync of the disk.
    int handlerThreads = 16;
    std::string certFile{}, keyFile{}, caFile{};  // empty = stateDir/pki/server.crt, server.key, ca.crt
    // The issuing CA that signs renewed kiosk certificates; empty = stateDir/pki/issuing.crt, issuing.key.
    // The root CA's key is never read (see platform/pki.h).
    std::string issuingCertFile{}, issuingKeyFile{};
    int kioskCertificateDays = 90;  // lifetime of a renewed kiosk certificate
    std::string catalogFile{};      // empty = the built-in seed catalog
    std::chrono::seconds idleTimeout{
        30};  // a connection that sends no complete request for this long is closed
    // Connections held at once. total 0 = 512, fewer when the descriptor limit (RLIMIT_NOFILE) leaves less
    // room, so accepting stops short of EMFILE; a connection over a limit is closed as soon as it is
    // accepted, except at the total: there the connection longest in its TLS handshake, else the one idle
    // longest, is closed to serve the new one (a connection answering a request is never closed for it).
    ConnectionLimitsConfig limits{.total = 0};
};

// Serves HTTPS/1.1 with keep-alive. TLS 1.3, or TLS 1.2 with ECDHE and AES-GCM or ChaCha20-Poly1305 only;
// every client must present a certificate issued by the CA (caFile), and its CN is the kiosk id recorded with
// what it sends. Bodies over 1 MiB get 413. One log line per request on stderr (method, path, status, time,
// kiosk id), without personal data. Non-copyable. Under abuse: when accept fails for want of descriptors or
// memory it waits (50 ms, doubling up to 1 s) before accepting again; connections over `limits` are closed at
// once, or make room at the total (see ServerConfig::limits); the lines that hostile connections cause
// (accept errors, refused and evicted connections, failed handshakes) are written at most once per 5 s each,
// with a count of those held back.
class Server {
public:
    // Creates the PKI and database on first start, seeds the catalog, binds, starts serving on background
    // threads. Errors: io (state directory, certificate files, address in use), crypto, database,
    // invalidInput (catalog, host).
    [[nodiscard]] static Expected<std::unique_ptr<Server>> start(ServerConfig config);

    // The bound port (the one picked when the config said 0).
    unsigned short port() const;

    // Closes the listening socket and every connection and joins the threads. Idempotent; the destructor
    // stops quietly. Must not be called from a server thread.
    void stop();

    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

private:
    struct Impl;
    explicit Server(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace yimen::platform
