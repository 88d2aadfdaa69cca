// The one place that builds TLS contexts: the kiosk's client, the platform's server and the test peers all
// get their protocol floor, cipher policy, trust anchors and certificate from here.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/error.h"

namespace boost::asio::ssl {
class context;
}

namespace yimen::tls {

// What a client trusts and presents.
struct ClientFiles {
    std::string caFile{};    // the pinned CA the server certificate must chain to; the only trust anchor
    std::string certFile{};  // the client certificate (chain); empty = connect without one
    std::string keyFile{};   // its private key; set exactly when certFile is
};

// What a server presents and whom it accepts.
struct ServerFiles {
    std::string certFile{};  // the server certificate (chain)
    std::string keyFile{};   // its private key
    // CAs a client certificate may chain to; they are also sent to clients as the accepted issuers. Empty =
    // no client certificate is asked for.
    std::vector<std::string> clientCaFiles{};
    // With clientCaFiles: refuse a client that presents no certificate.
    bool requireClientCertificate = false;
};

// A client context: TLS 1.2 or newer, no compression, peer verification against caFile alone (the system
// store is never loaded), and the client certificate when one is given (its key must match it).
// The caller adds its own host-name check (set_verify_callback) if it wants one.
// Errors (all ErrorCode::tls): no CA given, a file unreadable or not PEM, certificate without key or the
// other way round, key not matching the certificate. Never throws. Any thread.
[[nodiscard]] Expected<std::unique_ptr<boost::asio::ssl::context>> clientContext(const ClientFiles& files);

// A server context: TLS 1.2 or newer, TLS 1.2 restricted to forward-secret AEAD suites (TLS 1.3 suites are
// all AEAD), server cipher preference, no renegotiation, no compression; the certificate and key, and when
// clientCaFiles is set, client certificate verification against them (with a session id context, so that
// resumed sessions keep the client certificate).
// Errors: ErrorCode::io when a certificate, key or CA file cannot be loaded; ErrorCode::tls when OpenSSL
// refuses the policy. Never throws. Any thread.
[[nodiscard]] Expected<std::unique_ptr<boost::asio::ssl::context>> serverContext(const ServerFiles& files);

}  // namespace yimen::tls
