// A blocking HTTPS/1.1 client with mutual TLS, a pinned CA and one keep-alive connection.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "common/error.h"
#include "network/tls_config.h"

namespace yimen::network {

struct HttpRequest {
    std::string method = "GET";  // GET, POST
    std::string target;          // "/api/v1/catalog"
    std::map<std::string, std::string> headers;
    std::string body;  // sent as application/json when not empty
};

struct HttpResponse {
    int status = 0;
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;

    std::string header(const std::string& lowerName) const;
};

// Not thread-safe: one owner thread. Reconnects transparently when the kept-alive connection was closed, and
// when the certificate or key file was replaced (a renewal): the next request goes out on a new connection
// with the new certificate (the one already loaded stays in use while the new pair does not load).
// TLS 1.2 minimum; the server certificate must chain to the pinned CA and match `host`.
// Errors: unavailable (connect refused, reset), timeout (any step), tls (handshake or verification,
// including the server refusing our certificate), serverError (unparseable reply).
// Also tls when the pinned CA, the certificate or the key cannot be loaded (nothing is sent then),
// invalidInput for a request that cannot be written (unknown method, a line break in a header).
class HttpsClient {
public:
    explicit HttpsClient(TlsClientConfig config);
    ~HttpsClient();
    HttpsClient(const HttpsClient&) = delete;
    HttpsClient& operator=(const HttpsClient&) = delete;

    [[nodiscard]] Expected<HttpResponse> send(const HttpRequest& request);

    // Drops the connection; the next send reconnects.
    void disconnect();

    const TlsClientConfig& config() const { return config_; }

private:
    struct Impl;
    TlsClientConfig config_;
    std::unique_ptr<Impl> impl_;
};

}  // namespace yimen::network
