// Hostile and lazy clients for the platform abuse tests: idle TCP connections, TLS handshakes that stop after
// a few bytes, and authenticated connections that send their headers one line at a time. All on loopback.
#pragma once

#include <string>
#include <vector>

namespace yimen::testing {

// Raises this process's soft descriptor limit to its hard limit, so the test can hold thousands of sockets.
void raiseOwnDescriptorLimit();

class AttackConnections {
public:
    AttackConnections() = default;
    ~AttackConnections();  // closes every connection
    AttackConnections(const AttackConnections&) = delete;
    AttackConnections& operator=(const AttackConnections&) = delete;

    // Opens `count` TCP connections to 127.0.0.1:port from `source` (a loopback address such as 127.0.0.2)
    // that send nothing. Returns how many connected.
    int openIdle(unsigned short port, const std::string& source, int count);
    // Same, but each sends the first bytes of a TLS ClientHello and stops.
    int openPartialHandshakes(unsigned short port, const std::string& source, int count);
    // Completes mutual TLS with the given client certificate, then sends a request line and one header and
    // stops. Returns how many got that far.
    int openSlowHeaders(unsigned short port, const std::string& source, int count, const std::string& caFile,
                        const std::string& certFile, const std::string& keyFile);
    // Sends one more header line on every slow-header connection still open.
    void drip();

    int size() const { return static_cast<int>(plain_.size() + tls_.size()); }

private:
    struct TlsConnection;
    std::vector<int> plain_;
    std::vector<TlsConnection*> tls_;
    void* tlsContext_ = nullptr;
};

}  // namespace yimen::testing
