// The fault proxy: OpenSSL on plain sockets towards the kiosk, the project's HTTPS client towards the
// platform, and a fault applied to the answer in between.
#include "fault_proxy.h"

#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <thread>

#include "network/https_client.h"

namespace yimen::network::test {
namespace {

std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

struct Request {
    std::string method, target, key, body;
};

// Reads one request: the head, then Content-Length bytes of body. False when the client went away.
bool readRequest(SSL* ssl, Request& request) {
    std::string data;
    char buffer[4096];
    std::size_t headEnd = std::string::npos;
    while ((headEnd = data.find("\r\n\r\n")) == std::string::npos) {
        const int n = SSL_read(ssl, buffer, sizeof buffer);
        if (n <= 0)
            return false;
        data.append(buffer, static_cast<std::size_t>(n));
    }
    const std::string head = data.substr(0, headEnd);
    std::size_t length = 0;
    std::size_t lineStart = head.find("\r\n");
    const std::string requestLine = head.substr(0, lineStart);
    const std::size_t space = requestLine.find(' ');
    request.method = requestLine.substr(0, space);
    request.target = requestLine.substr(space + 1, requestLine.rfind(' ') - space - 1);
    while (lineStart != std::string::npos && lineStart < head.size()) {
        const std::size_t next = head.find("\r\n", lineStart + 2);
        const std::string line =
            head.substr(lineStart + 2, next == std::string::npos ? std::string::npos : next - lineStart - 2);
        const std::size_t colon = line.find(':');
        if (colon != std::string::npos) {
            const std::string name = lower(line.substr(0, colon));
            std::string value = line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(' '));
            if (name == "content-length")
                length = std::stoul(value);
            else if (name == "idempotency-key")
                request.key = value;
        }
        lineStart = next;
    }
    request.body = data.substr(headEnd + 4);
    while (request.body.size() < length) {
        const int n = SSL_read(ssl, buffer, sizeof buffer);
        if (n <= 0)
            return false;
        request.body.append(buffer, static_cast<std::size_t>(n));
    }
    return true;
}

std::string serialize(int status, const std::map<std::string, std::string>& headers,
                      const std::string& body) {
    std::string out = "HTTP/1.1 " + std::to_string(status) + " Proxied\r\n";
    for (const auto& [name, value] : headers)
        if (name != "content-length" && name != "connection" && name != "transfer-encoding")
            out += name + ": " + value + "\r\n";
    out += "Connection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    return out;
}

std::string jsonError(int status, const std::string& code) {
    const std::string body = R"({"error":{"code":")" + code + R"(","message":"服务平台未能受理此请求"}})";
    return serialize(status, {{"content-type", "application/json"}}, body);
}

void resetConnection(int fd) {
    linger hard{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
}

}  // namespace

const char* toString(Fault fault) {
    switch (fault) {
    case Fault::none: return "none";
    case Fault::dropAfterCommit: return "answer dropped after the platform committed";
    case Fault::resetMidBody: return "connection reset mid-body";
    case Fault::htmlOk: return "200 with an HTML page";
    case Fault::emptyOk: return "200 with an empty body";
    case Fault::otherReceiptOk: return "201 naming another receipt";
    case Fault::drip: return "answer dripped a byte at a time";
    case Fault::closeNotify: return "TLS close_notify instead of an answer";
    case Fault::alertInHandshake: return "fatal TLS alert in the handshake";
    case Fault::status401: return "401";
    case Fault::status403: return "403 receipt_not_yours";
    case Fault::status404: return "404";
    case Fault::status409: return "409 duplicate_receipt";
    case Fault::status413: return "413";
    }
    return "unknown";
}

FaultProxy::FaultProxy(TlsClientConfig platform, const std::string& certFile, const std::string& keyFile)
    : platform_(std::move(platform)),
      listener_(certFile, keyFile, "fault proxy", [this](int fd) { serve(fd); }) {}

FaultProxy::~FaultProxy() = default;

void FaultProxy::serve(int fd) {
    const Fault fault = fault_.load();
    if (fault == Fault::alertInHandshake) {
        char hello[4096];
        (void)!::recv(fd, hello, sizeof hello, 0);
        // A plaintext TLS 1.2 record: alert, fatal (2), handshake_failure (40).
        const unsigned char alert[] = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};
        (void)!::send(fd, alert, sizeof alert, MSG_NOSIGNAL);
        return;
    }
    SSL* ssl = SSL_new(listener_.context());
    SSL_set_fd(ssl, fd);
    Request request;
    if (SSL_accept(ssl) != 1 || !readRequest(ssl, request)) {
        SSL_free(ssl);
        return;
    }
    const auto answer = [&](const std::string& bytes) {
        SSL_write(ssl, bytes.data(), static_cast<int>(bytes.size()));
        SSL_shutdown(ssl);
    };
    switch (fault) {
    case Fault::status401: answer(jsonError(401, "unauthorized")); break;
    case Fault::status403: answer(jsonError(403, "receipt_not_yours")); break;
    case Fault::status404: answer(jsonError(404, "not_found")); break;
    case Fault::status409: answer(jsonError(409, "duplicate_receipt")); break;
    case Fault::status413: answer(jsonError(413, "payload_too_large")); break;
    default: {
        // The platform's own client, kept for this one request: the proxy thread is its only user.
        HttpsClient client(platform_);
        HttpRequest forwardedRequest;
        forwardedRequest.method = request.method;
        forwardedRequest.target = request.target;
        if (!request.key.empty())
            forwardedRequest.headers["Idempotency-Key"] = request.key;
        forwardedRequest.body = request.body;
        auto response = client.send(forwardedRequest);
        ++forwarded_;
        if (!response) {
            answer(jsonError(502, "bad_gateway"));
            break;
        }
        const std::string whole = serialize(response->status, response->headers, response->body);
        switch (fault) {
        case Fault::dropAfterCommit: break;
        case Fault::resetMidBody: {
            const std::string half = whole.substr(0, whole.size() - response->body.size() / 2);
            SSL_write(ssl, half.data(), static_cast<int>(half.size()));
            resetConnection(fd);
            break;
        }
        case Fault::htmlOk:
            answer(serialize(200, {{"content-type", "text/html"}},
                             "<html><body>Welcome to the hotspot. Please log in.</body></html>"));
            break;
        case Fault::emptyOk: answer(serialize(200, {{"content-type", "application/json"}}, "")); break;
        case Fault::otherReceiptOk:
            answer(serialize(201, {{"content-type", "application/json"}, {"idempotency-key", request.key}},
                             R"({"receiptNo":"YM99992611299999","applicationId":"x","status":"submitted"})"));
            break;
        case Fault::drip:
            for (const char c : whole) {
                if (SSL_write(ssl, &c, 1) != 1)
                    break;
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
            SSL_shutdown(ssl);
            break;
        case Fault::closeNotify: SSL_shutdown(ssl); break;
        default: answer(whole); break;
        }
    }
    }
    SSL_free(ssl);
}

}  // namespace yimen::network::test
