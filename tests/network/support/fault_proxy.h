// A TLS-terminating proxy between the kiosk and the real platform that spoils the answers on demand: the
// fault proxy harness's man in the middle.
#pragma once

#include <atomic>
#include <mutex>
#include <string>

#include "loopback_tls_listener.h"
#include "network/tls_config.h"

typedef struct ssl_st SSL;

namespace yimen::network::test {

// What the proxy does with the next requests.
enum class Fault {
    none,              // forwards the request and returns the platform's answer unchanged
    dropAfterCommit,   // forwards (the platform commits), then closes without a byte of the answer
    resetMidBody,      // forwards, sends the head and half the body, then resets the connection
    htmlOk,            // forwards, then answers 200 with a proxy's HTML page
    emptyOk,           // forwards, then answers 200 with an empty body
    otherReceiptOk,    // forwards, then answers 201 naming another receipt, with the right key
    drip,              // forwards, then sends the platform's answer one byte every few milliseconds
    closeNotify,       // forwards, then ends TLS with close_notify instead of an answer
    alertInHandshake,  // answers the ClientHello with a fatal TLS alert; nothing is forwarded
    status401,         // answers without forwarding, with the platform's JSON error shape
    status403,         // 403 receipt_not_yours
    status404,
    status409,  // 409 duplicate_receipt
    status413,
};
const char* toString(Fault fault);

// Accepts the kiosk's TLS with the platform's server certificate (so the kiosk's pinned CA accepts it),
// reads one HTTP request per connection, and forwards it to the platform with the kiosk's own client
// settings. One connection at a time on its own thread; setFault may be called from the test thread.
class FaultProxy {
public:
    // platform: the kiosk's settings to reach the real platform; certFile/keyFile: the platform's server
    // certificate and key.
    FaultProxy(TlsClientConfig platform, const std::string& certFile, const std::string& keyFile);
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    unsigned short port() const { return listener_.port(); }
    void setFault(Fault fault) { fault_.store(fault); }
    // Requests the platform received through the proxy.
    int forwarded() const { return forwarded_.load(); }

private:
    void serve(int fd);

    TlsClientConfig platform_;
    std::atomic<Fault> fault_{Fault::none};
    std::atomic<int> forwarded_{0};
    LoopbackTlsListener listener_;  // last: its thread stops before the members it serves with go
};

}  // namespace yimen::network::test
