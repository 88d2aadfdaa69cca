// Keys, certificates and certificate requests with the OpenSSL 3 API: the one home of key generation, PEM
// reading and writing and the owning pointers, for the kiosk's enrolment and renewal and the platform's PKI.
#pragma once

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <sys/types.h>
#include <cstdint>
#include <memory>
#include <string>

#include "common/error.h"

namespace yimen::tls {

// Frees an OpenSSL object with its own free function.
template <auto Free>
struct OpensslDeleter {
    template <typename T>
    void operator()(T* p) const {
        Free(p);
    }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, OpensslDeleter<EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, OpensslDeleter<X509_free>>;
using ReqPtr = std::unique_ptr<X509_REQ, OpensslDeleter<X509_REQ_free>>;
using BioPtr = std::unique_ptr<BIO, OpensslDeleter<BIO_free_all>>;
using BnPtr = std::unique_ptr<BIGNUM, OpensslDeleter<BN_free>>;

// The oldest error on this thread's OpenSSL queue as text ("unknown OpenSSL error" when there is none); the
// queue is cleared.
std::string opensslError();
// ErrorCode::crypto, "WHAT: " and opensslError().
Error cryptoError(const std::string& what);

// A new EC P-256 key pair. Errors: crypto.
[[nodiscard]] Expected<KeyPtr> generateEcKey();

// PEM text: a private key as unencrypted PKCS#8, a certificate, a request. Errors: crypto.
[[nodiscard]] Expected<std::string> keyToPem(EVP_PKEY* key);
[[nodiscard]] Expected<std::string> certToPem(X509* cert);
[[nodiscard]] Expected<std::string> csrToPem(X509_REQ* req);

// The first PEM object of its kind in `pem`. Errors: invalidInput (none there).
[[nodiscard]] Expected<KeyPtr> keyFromPem(const std::string& pem);
[[nodiscard]] Expected<CertPtr> certFromPem(const std::string& pem);
[[nodiscard]] Expected<ReqPtr> csrFromPem(const std::string& pem);

// The first PEM key or certificate in a file. Errors: io (unreadable, or holds none).
[[nodiscard]] Expected<KeyPtr> readKeyFile(const std::string& path);
[[nodiscard]] Expected<CertPtr> readCertFile(const std::string& path);

// Writes `content` to PATH.tmp with permission `mode` (also when it existed with another), fsyncs it and
// renames it over `path`, so a crash leaves the old file or the new one, never half of either.
// Errors: io.
[[nodiscard]] Status writeFileAtomically(const std::string& path, const std::string& content, mode_t mode);
// writeFileAtomically of keyToPem (mode 0600) and certToPem (mode 0644). Errors: crypto, io.
[[nodiscard]] Status writeKeyFile(const std::string& path, EVP_PKEY* key);
[[nodiscard]] Status writeCertFile(const std::string& path, X509* cert);

// The subject's common name (CN) as UTF-8; "" when it has none or it does not convert.
std::string commonNameOf(const X509_NAME* subject);

// A certificate's serial number as upper-case hex without leading zeros ("0" for zero, "" when unreadable).
std::string serialHex(const X509* cert);

// What a certificate says about itself, enough to know when to renew it.
struct CertificateSummary {
    std::string commonName;      // the subject's CN, "" when it has none
    std::string serial;          // serialHex
    std::int64_t notBefore = 0;  // seconds since the Unix epoch
    std::int64_t notAfter = 0;
};
// Errors: invalidInput (dates that do not convert).
[[nodiscard]] Expected<CertificateSummary> summarize(const X509* cert);
// summarize of the certificate in a file. Errors: io (unreadable or no certificate), invalidInput.
[[nodiscard]] Expected<CertificateSummary> summarizeFile(const std::string& path);

}  // namespace yimen::tls
