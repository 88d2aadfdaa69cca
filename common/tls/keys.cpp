// Keys, certificates and requests with the OpenSSL 3 API; files are written to a temporary name, fsync'd and
// renamed, so a crash never leaves half a key.
#include "common/tls/keys.h"

#include <fcntl.h>
#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <functional>

namespace yimen::tls {
namespace {

Expected<std::string> toPem(const std::function<int(BIO*)>& write, const std::string& what) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || write(bio.get()) != 1)
        return fail(cryptoError("encoding " + what));
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

// Reads the first object with `read` from `pem`; null when there is none (the error queue cleared).
template <typename Ptr, typename Read>
Ptr fromPem(const std::string& pem, Read read) {
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    Ptr object(bio ? read(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    ERR_clear_error();
    return object;
}

template <typename Ptr, typename Read>
Expected<Ptr> fromFile(const std::string& path, Read read, const std::string& what) {
    BioPtr bio(BIO_new_file(path.c_str(), "r"));
    if (!bio)
        return fail(ErrorCode::io, "reading " + path + ": " + opensslError());
    Ptr object(read(bio.get(), nullptr, nullptr, nullptr));
    if (!object)
        return fail(ErrorCode::io, path + " holds no PEM " + what + ": " + opensslError());
    return object;
}

Expected<std::int64_t> unixSeconds(const ASN1_TIME* time) {
    std::tm tm{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1)
        return fail(ErrorCode::invalidInput, "a certificate date that does not convert");
    return static_cast<std::int64_t>(timegm(&tm));
}

}  // namespace

std::string opensslError() {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return "unknown OpenSSL error";
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    return buffer;
}

std::string commonNameOf(const X509_NAME* subject) {
    const int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    if (index < 0)
        return {};
    unsigned char* utf8 = nullptr;
    const int length =
        ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index)));
    if (length < 0)
        return {};
    std::string name(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(length));
    OPENSSL_free(utf8);
    return name;
}

Error cryptoError(const std::string& what) {
    return Error{ErrorCode::crypto, what + ": " + opensslError()};
}

Expected<KeyPtr> generateEcKey() {
    KeyPtr key(EVP_EC_gen("P-256"));
    if (!key)
        return fail(cryptoError("generating an EC P-256 key"));
    return key;
}

Expected<std::string> keyToPem(EVP_PKEY* key) {
    return toPem(
        [key](BIO* bio) { return PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr); },
        "the private key");
}

Expected<std::string> certToPem(X509* cert) {
    return toPem([cert](BIO* bio) { return PEM_write_bio_X509(bio, cert); }, "the certificate");
}

Expected<std::string> csrToPem(X509_REQ* req) {
    return toPem([req](BIO* bio) { return PEM_write_bio_X509_REQ(bio, req); }, "the certificate request");
}

Expected<KeyPtr> keyFromPem(const std::string& pem) {
    KeyPtr key = fromPem<KeyPtr>(pem, PEM_read_bio_PrivateKey);
    if (!key)
        return fail(ErrorCode::invalidInput, "not a PEM private key");
    return key;
}

Expected<CertPtr> certFromPem(const std::string& pem) {
    CertPtr cert = fromPem<CertPtr>(pem, PEM_read_bio_X509);
    if (!cert)
        return fail(ErrorCode::invalidInput, "not a PEM certificate");
    return cert;
}

Expected<ReqPtr> csrFromPem(const std::string& pem) {
    ReqPtr req = fromPem<ReqPtr>(pem, PEM_read_bio_X509_REQ);
    if (!req)
        return fail(ErrorCode::invalidInput, "not a PEM certificate signing request");
    return req;
}

Expected<KeyPtr> readKeyFile(const std::string& path) {
    return fromFile<KeyPtr>(path, PEM_read_bio_PrivateKey, "private key");
}

Expected<CertPtr> readCertFile(const std::string& path) {
    return fromFile<CertPtr>(path, PEM_read_bio_X509, "certificate");
}

Status writeFileAtomically(const std::string& path, const std::string& content, mode_t mode) {
    const std::string temporary = path + ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        return fail(ErrorCode::io, "creating " + temporary + ": " + errnoText(errno));
    // The file may have existed with wider permissions.
    bool ok = ::fchmod(fd, mode) == 0;
    std::size_t written = 0;
    while (ok && written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        if (ok)
            written += static_cast<std::size_t>(n);
    }
    ok = ok && ::fsync(fd) == 0;
    const int savedErrno = errno;
    ::close(fd);
    if (!ok || ::rename(temporary.c_str(), path.c_str()) != 0) {
        const std::string reason = errnoText(ok ? errno : savedErrno);
        ::unlink(temporary.c_str());
        return fail(ErrorCode::io, "writing " + path + ": " + reason);
    }
    return {};
}

Status writeKeyFile(const std::string& path, EVP_PKEY* key) {
    Expected<std::string> pem = keyToPem(key);
    if (!pem)
        return fail(pem.error());
    return writeFileAtomically(path, *pem, 0600);
}

Status writeCertFile(const std::string& path, X509* cert) {
    Expected<std::string> pem = certToPem(cert);
    if (!pem)
        return fail(pem.error());
    return writeFileAtomically(path, *pem, 0644);
}

std::string serialHex(const X509* cert) {
    BnPtr bn(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr));
    if (!bn)
        return {};
    char* hex = BN_bn2hex(bn.get());
    std::string text = hex ? hex : "";
    OPENSSL_free(hex);
    const std::size_t first = text.find_first_not_of('0');
    return first == std::string::npos ? std::string("0") : text.substr(first);
}

Expected<CertificateSummary> summarize(const X509* cert) {
    Expected<std::int64_t> notBefore = unixSeconds(X509_get0_notBefore(cert));
    Expected<std::int64_t> notAfter = unixSeconds(X509_get0_notAfter(cert));
    if (!notBefore || !notAfter)
        return fail(notBefore ? notAfter.error() : notBefore.error());
    return CertificateSummary{commonNameOf(X509_get_subject_name(cert)), serialHex(cert), *notBefore,
                              *notAfter};
}

Expected<CertificateSummary> summarizeFile(const std::string& path) {
    Expected<CertPtr> cert = readCertFile(path);
    if (!cert)
        return fail(cert.error());
    Expected<CertificateSummary> summary = summarize(cert->get());
    if (!summary)
        return fail(summary.error().withContext(path));
    return summary;
}

}  // namespace yimen::tls
