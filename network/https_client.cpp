// HttpsClient over Boost.Beast and OpenSSL: one kept-alive mutual-TLS connection, every step under a
// deadline.
#include "network/https_client.h"

#include <poll.h>
#include <sys/stat.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cctype>
#include <optional>
#include <vector>

#include "common/log.h"
#include "common/tls/tls_context.h"

namespace yimen::network {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using Stream = beast::ssl_stream<beast::tcp_stream>;
using Request = http::request<http::string_body>;

// A catalog with many items and long summaries stays far below this; anything larger is not our platform.
constexpr std::uint64_t kBodyLimit = 16u * 1024u * 1024u;

std::string lowerCase(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool isIpLiteral(const std::string& host) {
    error_code ec;
    (void)asio::ip::make_address(host, ec);
    return !ec;
}

bool hasLineBreak(const std::string& s) {
    return s.find_first_of("\r\n") != std::string::npos;
}

std::string millis(std::chrono::milliseconds d) {
    return std::to_string(d.count()) + " ms";
}

// The peer closed or reset the connection: nothing more will come on it.
bool isConnectionLost(const error_code& ec) {
    return ec == asio::error::eof || ec == http::error::end_of_stream || ec == ssl::error::stream_truncated ||
           ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
           ec == asio::error::connection_aborted || ec == asio::error::not_connected;
}

int sslReason(const error_code& ec) {
    return ERR_GET_REASON(static_cast<unsigned long>(static_cast<unsigned int>(ec.value())));
}

std::string sslReasonText(const error_code& ec) {
    const char* text =
        ERR_reason_error_string(static_cast<unsigned long>(static_cast<unsigned int>(ec.value())));
    return text ? std::string(text) : ec.message();
}

// Alerts with which the platform says it does not accept the certificate this kiosk presented.
bool isClientCertificateRefusal(int reason) {
    switch (reason) {
    case SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED:
    case SSL_R_TLSV1_ALERT_UNKNOWN_CA:
    case SSL_R_SSLV3_ALERT_BAD_CERTIFICATE:
    case SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED:
    case SSL_R_SSLV3_ALERT_CERTIFICATE_REVOKED:
    case SSL_R_SSLV3_ALERT_CERTIFICATE_UNKNOWN:
    case SSL_R_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE:
    case SSL_R_TLSV1_ALERT_ACCESS_DENIED:
    case SSL_R_TLSV1_ALERT_DECRYPT_ERROR: return true;
    default: return false;
    }
}

}  // namespace

std::string HttpResponse::header(const std::string& lowerName) const {
    auto it = headers.find(lowerName);
    return it == headers.end() ? std::string() : it->second;
}

struct HttpsClient::Impl {
    explicit Impl(const TlsClientConfig& c)
        : config_(c), endpointName_(c.host + ":" + std::to_string(c.port)) {}

    const TlsClientConfig& config_;
    const std::string endpointName_;  // "127.0.0.1:8443", for messages
    asio::io_context ioc_{1};
    std::unique_ptr<ssl::context> context_;
    std::string credentialStamp_;  // credentialStamp() when context_ was built
    std::unique_ptr<Stream> stream_;
    beast::flat_buffer buffer_;
    std::string verifyFailure_;  // why our check of the server certificate failed, set by the verify callback

    // One attempt at an exchange on the current connection.
    struct Attempt {
        std::optional<HttpResponse> response;
        Error error;
        bool nothingProcessed = false;  // the request cannot have reached the platform's handler
    };

    // Runs one asynchronous operation to completion on the private io_context. Every operation started
    // here is bounded by the tcp_stream expiry set before it, which closes the socket when it passes.
    template <typename Start>
    error_code run(Start&& start) {
        error_code result = asio::error::operation_aborted;
        start([&result](error_code ec, auto&&...) { result = ec; });
        ioc_.restart();
        ioc_.run();
        return result;
    }

    void close() {
        if (stream_) {
            error_code ignored;
            beast::get_lowest_layer(*stream_).socket().close(ignored);
            stream_.reset();
        }
        buffer_.clear();
    }

    // A kept-alive connection the platform has closed (or on which it sent something unasked) shows up
    // as readable while idle; drop it instead of writing into it.
    bool idleConnectionLooksClosed() {
        auto& socket = beast::get_lowest_layer(*stream_).socket();
        pollfd p{};
        p.fd = socket.native_handle();
        p.events = POLLIN;
        return ::poll(&p, 1, 0) != 0;
    }

    // Which certificate and key files are on disk: a renewal replaces them (new inodes), and the next
    // connection must present the new certificate.
    static std::string fileStamp(const std::string& path) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0)
            return "-";
        return std::to_string(st.st_ino) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
               std::to_string(st.st_mtim.tv_nsec) + ":" + std::to_string(st.st_size);
    }
    std::string credentialStamp() const {
        return config_.certFile.empty() ? std::string()
                                        : fileStamp(config_.certFile) + "|" + fileStamp(config_.keyFile);
    }
    bool credentialsChanged() const { return context_ && credentialStamp() != credentialStamp_; }

    Status ensureContext() {
        if (context_ && !credentialsChanged())
            return {};
        const std::string stamp = credentialStamp();
        Expected<std::unique_ptr<ssl::context>> ctx =
            tls::clientContext({config_.caFile, config_.certFile, config_.keyFile});
        if (!ctx) {
            if (!context_)
                return fail(ctx.error());
            // Caught between the key and the certificate being replaced: what worked so far still works.
            log::warn("network", "keeping the client certificate already loaded: " + ctx.error().message);
            return {};
        }
        if (context_)
            log::info("network", "the client certificate on disk changed; connecting with the new one");
        context_ = std::move(*ctx);
        credentialStamp_ = stamp;
        return {};
    }

    Error tlsError(const error_code& ec) const {
        const int reason = sslReason(ec);
        if (reason == SSL_R_CERTIFICATE_VERIFY_FAILED)
            return {ErrorCode::tls, "server certificate verify failed: " +
                                        (verifyFailure_.empty() ? sslReasonText(ec) : verifyFailure_)};
        if (reason == SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED)
            return {ErrorCode::tls, "the platform requires a client certificate (" + sslReasonText(ec) + ")"};
        if (isClientCertificateRefusal(reason))
            return {ErrorCode::tls,
                    "the platform refused this kiosk's certificate (" + sslReasonText(ec) + ")"};
        return {ErrorCode::tls, sslReasonText(ec)};
    }

    // Maps a failed step to an Error; `limit` is the deadline that applied to it.
    Error mapError(const error_code& ec, std::chrono::milliseconds limit) const {
        if (ec == beast::error::timeout || ec == asio::error::timed_out)
            return {ErrorCode::timeout, "no answer within " + millis(limit)};
        if (ec.category() == asio::error::get_ssl_category())
            return tlsError(ec);
        if (ec == ssl::error::stream_truncated)
            return {ErrorCode::unavailable, "the platform closed the connection"};
        if (ec == http::error::end_of_stream || ec == asio::error::eof)
            return {ErrorCode::unavailable, "the platform closed the connection"};
        if (ec == http::error::body_limit)
            return {ErrorCode::serverError,
                    "the reply is larger than " + std::to_string(kBodyLimit) + " bytes"};
        if (ec == http::error::partial_message)
            return {ErrorCode::unavailable, "the connection was lost in the middle of the reply"};
        if (ec.category() == http::make_error_code(http::error::bad_version).category())
            return {ErrorCode::serverError, "unparseable HTTP reply: " + ec.message()};
        return {ErrorCode::unavailable, ec.message()};
    }

    Status resolve(std::vector<tcp::endpoint>& endpoints) {
        error_code ec;
        const auto address = asio::ip::make_address(config_.host, ec);
        if (!ec) {
            endpoints.emplace_back(address, config_.port);
            return {};
        }
        tcp::resolver resolver(ioc_);
        bool done = false;
        error_code resolveError;
        tcp::resolver::results_type results;
        resolver.async_resolve(config_.host, std::to_string(config_.port),
                               [&](error_code e, tcp::resolver::results_type r) {
                                   done = true;
                                   resolveError = e;
                                   results = std::move(r);
                               });
        ioc_.restart();
        ioc_.run_for(config_.connectTimeout);
        if (!done) {
            // The system resolver cannot be interrupted; the answer is awaited and discarded.
            resolver.cancel();
            ioc_.restart();
            ioc_.run();
            return fail(ErrorCode::timeout,
                        "resolving " + config_.host + ": no answer within " + millis(config_.connectTimeout));
        }
        if (resolveError)
            return fail(ErrorCode::unavailable, "resolving " + config_.host + ": " + resolveError.message());
        for (const auto& entry : results) endpoints.push_back(entry.endpoint());
        if (endpoints.empty())
            return fail(ErrorCode::unavailable, "resolving " + config_.host + ": no address");
        return {};
    }

    Status connect() {
        close();
        if (auto st = ensureContext(); !st)
            return st;
        std::vector<tcp::endpoint> endpoints;
        if (auto st = resolve(endpoints); !st)
            return st;

        stream_ = std::make_unique<Stream>(ioc_, *context_);
        verifyFailure_.clear();
        if (!isIpLiteral(config_.host) &&
            SSL_set_tlsext_host_name(stream_->native_handle(), config_.host.c_str()) != 1)
            return fail(ErrorCode::tls, "cannot set the TLS server name " + config_.host);
        stream_->set_verify_callback([this, matchesHost = ssl::host_name_verification(config_.host)](
                                         bool preverified, ssl::verify_context& vc) {
            if (!preverified) {
                if (verifyFailure_.empty())
                    verifyFailure_ =
                        X509_verify_cert_error_string(X509_STORE_CTX_get_error(vc.native_handle()));
                return false;
            }
            if (!matchesHost(preverified, vc)) {
                verifyFailure_ = "the certificate does not name the host " + config_.host;
                return false;
            }
            return true;
        });

        auto& tcpLayer = beast::get_lowest_layer(*stream_);
        tcpLayer.expires_after(config_.connectTimeout);
        error_code ec = run([&](auto handler) { tcpLayer.async_connect(endpoints, handler); });
        if (ec) {
            Error e = mapError(ec, config_.connectTimeout).withContext("connecting to " + endpointName_);
            close();
            return fail(std::move(e));
        }
        tcpLayer.expires_after(config_.handshakeTimeout);
        ec = run([&](auto handler) { stream_->async_handshake(ssl::stream_base::client, handler); });
        if (ec) {
            Error e = isConnectionLost(ec) ? Error{ErrorCode::unavailable,
                                                   "the platform closed the connection during the handshake"}
                                           : mapError(ec, config_.handshakeTimeout);
            close();
            return fail(std::move(e).withContext("TLS handshake with " + endpointName_));
        }
        tcpLayer.expires_never();
        return {};
    }

    Attempt exchange(const Request& request, const std::string& what) {
        Attempt attempt;
        auto& tcpLayer = beast::get_lowest_layer(*stream_);
        tcpLayer.expires_after(config_.requestTimeout);
        error_code ec = run([&](auto handler) { http::async_write(*stream_, request, handler); });
        if (ec) {
            attempt.nothingProcessed = isConnectionLost(ec);
            attempt.error = mapError(ec, config_.requestTimeout).withContext(what);
            return attempt;
        }
        http::response_parser<http::string_body> parser;
        parser.body_limit(kBodyLimit);
        ec = run([&](auto handler) { http::async_read(*stream_, buffer_, parser, handler); });
        if (ec) {
            attempt.nothingProcessed = isConnectionLost(ec) && !parser.got_some() && buffer_.size() == 0;
            attempt.error = mapError(ec, config_.requestTimeout).withContext(what);
            return attempt;
        }
        tcpLayer.expires_never();

        const auto& message = parser.get();
        HttpResponse response;
        response.status = static_cast<int>(message.result_int());
        for (const auto& field : message) {
            std::string name = lowerCase(std::string(field.name_string()));
            std::string value(field.value());
            auto [it, inserted] = response.headers.emplace(std::move(name), value);
            if (!inserted)
                it->second += ", " + value;
        }
        response.body = message.body();
        if (!message.keep_alive())
            close();
        attempt.response = std::move(response);
        return attempt;
    }

    Expected<Request> buildRequest(const HttpRequest& in) const {
        const http::verb verb = http::string_to_verb(in.method);
        if (verb == http::verb::unknown)
            return fail(ErrorCode::invalidInput, "unknown HTTP method " + in.method);
        if (in.target.empty() || in.target.front() != '/' || hasLineBreak(in.target) ||
            in.target.find(' ') != std::string::npos)
            return fail(ErrorCode::invalidInput, "invalid request target " + in.target);
        Request request{verb, in.target, 11};
        std::string host = config_.host;
        if (host.find(':') != std::string::npos)
            host = "[" + host + "]";
        if (config_.port != 443)
            host += ":" + std::to_string(config_.port);
        request.set(http::field::host, host);
        request.set(http::field::user_agent, "yimen-kiosk/" YIMEN_VERSION);
        request.set(http::field::accept, "application/json");
        bool hasContentType = false;
        for (const auto& [name, value] : in.headers) {
            if (name.empty() || hasLineBreak(name) || hasLineBreak(value) ||
                name.find(':') != std::string::npos)
                return fail(ErrorCode::invalidInput, "invalid header " + name);
            if (lowerCase(name) == "content-type")
                hasContentType = true;
            request.set(name, value);
        }
        if (!in.body.empty() && !hasContentType)
            request.set(http::field::content_type, "application/json; charset=utf-8");
        request.body() = in.body;
        request.keep_alive(true);
        request.prepare_payload();
        return request;
    }

    Expected<HttpResponse> send(const HttpRequest& in) {
        auto request = buildRequest(in);
        if (!request)
            return request.error();
        const std::string what = in.method + " " + in.target + " on " + endpointName_;

        bool reused = false;
        if (stream_ && (idleConnectionLooksClosed() || credentialsChanged()))
            close();
        if (stream_) {
            reused = true;
        } else if (auto st = connect(); !st) {
            return st.error();
        }
        Attempt attempt = exchange(*request, what);
        if (attempt.response)
            return std::move(*attempt.response);
        close();
        if (!reused || !attempt.nothingProcessed)
            return attempt.error;

        // The platform closed the kept-alive connection before it saw any of this request: one fresh try.
        log::debug("network", "kept-alive connection to " + endpointName_ + " was closed; reconnecting");
        if (auto st = connect(); !st)
            return st.error();
        attempt = exchange(*request, what);
        if (attempt.response)
            return std::move(*attempt.response);
        close();
        return attempt.error;
    }
};

HttpsClient::HttpsClient(TlsClientConfig config)
    : config_(std::move(config)), impl_(std::make_unique<Impl>(config_)) {}

HttpsClient::~HttpsClient() = default;

Expected<HttpResponse> HttpsClient::send(const HttpRequest& request) {
    const std::string what = request.method + " " + request.target;
    try {
        return impl_->send(request);
    } catch (const boost::system::system_error& e) {
        impl_->close();
        return fail(impl_->mapError(e.code(), config_.requestTimeout).withContext(what));
    } catch (const std::exception& e) {
        impl_->close();
        return fail(ErrorCode::internal, what + ": " + e.what());
    } catch (...) {
        impl_->close();
        return fail(ErrorCode::internal, what + ": unknown exception");
    }
}

void HttpsClient::disconnect() {
    impl_->close();
}

}  // namespace yimen::network
