// TLS context construction over Boost.Asio's ssl::context and OpenSSL.
#include "common/tls/tls_context.h"

#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>
#include <exception>
#include <fstream>

namespace yimen::tls {
namespace {

namespace ssl = boost::asio::ssl;
using boost::system::error_code;

constexpr unsigned char kSessionIdContext[] = "yimen-platform";
// TLS 1.2: forward secrecy and authenticated encryption only (no CBC, no SHA-1 MACs, no static RSA). TLS 1.3
// suites are all AEAD; OpenSSL's default list for them stands.
constexpr const char* kTls12Suites =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
    "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305";

bool readable(const std::string& path) {
    std::ifstream in(path);
    return in.good();
}

// The floor both ends share.
Status applyProtocolFloor(ssl::context& ctx) {
    if (SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION) != 1)
        return fail(ErrorCode::tls, "cannot require TLS 1.2 or newer");
    ctx.set_options(ssl::context::default_workarounds | ssl::context::no_compression);
    return {};
}

Status configureClient(ssl::context& ctx, const ClientFiles& files) {
    if (Status s = applyProtocolFloor(ctx); !s)
        return s;
    error_code ec;
    // The pinned CA is the only trust anchor: the system store is never loaded.
    ctx.load_verify_file(files.caFile, ec);
    if (ec)
        return fail(ErrorCode::tls, "loading the pinned platform CA " + files.caFile + ": " + ec.message());
    ctx.set_verify_mode(ssl::verify_peer, ec);
    if (ec)
        return fail(ErrorCode::tls, "enabling server certificate verification: " + ec.message());
    if (files.certFile.empty())
        return {};
    ctx.use_certificate_chain_file(files.certFile, ec);
    if (ec)
        return fail(ErrorCode::tls, "loading the client certificate " + files.certFile + ": " + ec.message());
    ctx.use_private_key_file(files.keyFile, ssl::context::pem, ec);
    if (ec)
        return fail(ErrorCode::tls, "loading the client key " + files.keyFile + ": " + ec.message());
    if (SSL_CTX_check_private_key(ctx.native_handle()) != 1)
        return fail(ErrorCode::tls,
                    "the client key " + files.keyFile + " does not match the certificate " + files.certFile);
    return {};
}

Status verifyClients(ssl::context& ctx, const ServerFiles& files) {
    error_code ec;
    // Kiosk certificates chain to the root through the issuing CA (older ones directly to the root).
    for (const std::string& file : files.clientCaFiles)
        if (ctx.load_verify_file(file, ec); ec)
            return fail(ErrorCode::io, "loading the CA " + file + ": " + ec.message());
    // Tells clients which CA their certificate must come from.
    STACK_OF(X509_NAME)* acceptedIssuers = sk_X509_NAME_new_null();
    if (acceptedIssuers == nullptr)
        return fail(ErrorCode::tls, "cannot list the accepted issuers");
    for (const std::string& file : files.clientCaFiles)
        if (SSL_add_file_cert_subjects_to_stack(acceptedIssuers, file.c_str()) != 1) {
            sk_X509_NAME_pop_free(acceptedIssuers, X509_NAME_free);
            return fail(ErrorCode::io, file + " holds no CA certificate");
        }
    SSL_CTX_set_client_CA_list(ctx.native_handle(), acceptedIssuers);
    const ssl::verify_mode mode = files.requireClientCertificate
                                      ? ssl::verify_peer | ssl::verify_fail_if_no_peer_cert
                                      : ssl::verify_peer;
    ctx.set_verify_mode(mode, ec);
    if (ec)
        return fail(ErrorCode::tls, "requiring client certificates: " + ec.message());
    // Session resumption with client certificates needs a session id context.
    SSL_CTX_set_session_id_context(ctx.native_handle(), kSessionIdContext, sizeof kSessionIdContext - 1);
    return {};
}

Status configureServer(ssl::context& ctx, const ServerFiles& files) {
    if (Status s = applyProtocolFloor(ctx); !s)
        return s;
    SSL_CTX* native = ctx.native_handle();
    if (SSL_CTX_set_cipher_list(native, kTls12Suites) != 1)
        return fail(ErrorCode::tls, "cannot restrict TLS 1.2 to AEAD suites");
    SSL_CTX_set_options(native, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION);
    error_code ec;
    if (ctx.use_certificate_chain_file(files.certFile, ec); ec)
        return fail(ErrorCode::io, "loading the server certificate " + files.certFile + ": " + ec.message());
    if (ctx.use_private_key_file(files.keyFile, ssl::context::pem, ec); ec)
        return fail(ErrorCode::io, "loading the server key " + files.keyFile + ": " + ec.message());
    if (files.clientCaFiles.empty())
        return {};
    return verifyClients(ctx, files);
}

// Runs `configure` on a fresh context of `method`; the context's constructor reports failure by throwing,
// which stops here.
template <typename Configure>
Expected<std::unique_ptr<ssl::context>> build(ssl::context::method method, Configure&& configure) {
    try {
        auto ctx = std::make_unique<ssl::context>(method);
        if (Status s = configure(*ctx); !s)
            return fail(s.error());
        return ctx;
    } catch (const std::exception& e) {
        return fail(ErrorCode::tls, std::string("cannot create a TLS context: ") + e.what());
    }
}

}  // namespace

Expected<std::unique_ptr<ssl::context>> clientContext(const ClientFiles& files) {
    if (files.caFile.empty())
        return fail(ErrorCode::tls, "no pinned platform CA is configured");
    if (!readable(files.caFile))
        return fail(ErrorCode::tls, "cannot read the pinned platform CA file " + files.caFile);
    if (files.certFile.empty() != files.keyFile.empty())
        return fail(ErrorCode::tls, "the client certificate and its key must be configured together");
    if (!files.certFile.empty() && !readable(files.certFile))
        return fail(ErrorCode::tls, "cannot read the client certificate file " + files.certFile);
    if (!files.keyFile.empty() && !readable(files.keyFile))
        return fail(ErrorCode::tls, "cannot read the client key file " + files.keyFile);
    return build(ssl::context::tls_client, [&](ssl::context& ctx) { return configureClient(ctx, files); });
}

Expected<std::unique_ptr<ssl::context>> serverContext(const ServerFiles& files) {
    return build(ssl::context::tls_server, [&](ssl::context& ctx) { return configureServer(ctx, files); });
}

}  // namespace yimen::tls
