// Where the kiosk finds its TLS material and how patient it is with the platform.
#pragma once

#include <chrono>
#include <string>

namespace yimen::network {

struct TlsClientConfig {
    std::string host = "127.0.0.1";  // also the name checked against the server certificate
    unsigned short port = 8443;
    std::string caFile;    // the pinned platform CA: the only trust anchor
    std::string certFile;  // this kiosk's client certificate (PEM)
    std::string keyFile;   // its private key (PEM)
    std::chrono::milliseconds connectTimeout{5000};
    std::chrono::milliseconds handshakeTimeout{5000};
    std::chrono::milliseconds requestTimeout{10000};  // write + read of one exchange
};

}  // namespace yimen::network
