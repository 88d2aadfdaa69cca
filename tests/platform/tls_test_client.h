// A small blocking HTTPS/1.1 client for tests and benchmarks: mutual TLS, one keep-alive connection.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "common/error.h"

namespace yimen::testing {

struct TestTls {
    std::string caFile;    // the CA the server certificate must chain to
    std::string certFile;  // the client certificate; empty = connect without one
    std::string keyFile;
};

struct TestResponse {
    int status = 0;
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
    bool keepAlive = true;

    // The value of a header (lower-case name), or empty.
    std::string header(const std::string& lowerName) const;
};

// Connects to 127.0.0.1:port on first use and keeps the connection while the server keeps it. Each step
// (connect, handshake, write, read) gives up after 10 s. Not thread-safe: one per thread.
// Errors: unavailable (connect), tls (handshake or a certificate refused), timeout, io (the connection
// broke).
class TlsTestClient {
public:
    TlsTestClient(unsigned short port, TestTls tls);
    ~TlsTestClient();
    TlsTestClient(const TlsTestClient&) = delete;
    TlsTestClient& operator=(const TlsTestClient&) = delete;

    // Sends one request; a body is sent as application/json.
    [[nodiscard]] Expected<TestResponse> send(const std::string& method, const std::string& target,
                                              const std::string& body = {},
                                              const std::map<std::string, std::string>& headers = {});

    // Writes `bytes` as they are (for malformed HTTP) and reads one response.
    [[nodiscard]] Expected<TestResponse> sendRaw(const std::string& bytes);

    // How many TLS connections this client has opened so far.
    int connectionCount() const;

    void disconnect();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace yimen::testing
