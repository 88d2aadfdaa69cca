// Keys and CSRs with the OpenSSL 3 API; files written to a temporary name, fsync'd and renamed, so a crash
// never leaves half a key.
#include "network/kiosk_identity.h"

#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

namespace yimen::network {
namespace {

template <auto Free>
struct Deleter {
    template <typename T>
    void operator()(T* p) const {
        Free(p);
    }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using ReqPtr = std::unique_ptr<X509_REQ, Deleter<X509_REQ_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;

Error cryptoError(const std::string& what) {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    char buffer[256] = "unknown OpenSSL error";
    if (code != 0)
        ERR_error_string_n(code, buffer, sizeof buffer);
    return Error{ErrorCode::crypto, what + ": " + buffer};
}

std::string bioText(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

Status writeFileAtomically(const std::string& path, const std::string& content, mode_t mode) {
    const std::string temporary = path + ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        return fail(ErrorCode::io, "creating " + temporary + ": " + errnoText(errno));
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
    const int saved = errno;
    ::close(fd);
    if (!ok || ::rename(temporary.c_str(), path.c_str()) != 0) {
        const std::string reason = errnoText(ok ? errno : saved);
        ::unlink(temporary.c_str());
        return fail(ErrorCode::io, "writing " + path + ": " + reason);
    }
    return {};
}

}  // namespace

Expected<KeyAndCsr> makeKeyAndCsr(const std::string& kioskId) {
    KeyPtr key(EVP_EC_gen("P-256"));
    if (!key)
        return fail(cryptoError("generating an EC P-256 key"));
    ReqPtr req(X509_REQ_new());
    X509_NAME* name = req ? X509_REQ_get_subject_name(req.get()) : nullptr;
    if (!req || X509_REQ_set_version(req.get(), X509_REQ_VERSION_1) != 1 ||
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(kioskId.c_str()), -1, -1, 0) != 1 ||
        X509_REQ_set_pubkey(req.get(), key.get()) != 1 ||
        X509_REQ_sign(req.get(), key.get(), EVP_sha256()) == 0)
        return fail(cryptoError("making the certificate request of " + kioskId));
    BioPtr keyBio(BIO_new(BIO_s_mem())), csrBio(BIO_new(BIO_s_mem()));
    if (!keyBio || !csrBio ||
        PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1 ||
        PEM_write_bio_X509_REQ(csrBio.get(), req.get()) != 1)
        return fail(cryptoError("encoding the key and request of " + kioskId));
    return KeyAndCsr{bioText(keyBio.get()), bioText(csrBio.get())};
}

Status writeKeyAndCsr(const std::string& dir, const std::string& kioskId) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        if (!std::filesystem::create_directories(dir, ec) && ec)
            return fail(ErrorCode::io, "creating " + dir + ": " + ec.message());
        std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
    }
    const std::string keyFile = dir + "/" + kioskId + ".key";
    if (std::filesystem::exists(keyFile, ec))
        return fail(ErrorCode::conflict, keyFile + " already exists; a kiosk keeps its key");
    Expected<KeyAndCsr> made = makeKeyAndCsr(kioskId);
    if (!made)
        return fail(made.error());
    if (Status s = writeFileAtomically(keyFile, made->keyPem, 0600); !s)
        return s;
    return writeFileAtomically(dir + "/" + kioskId + ".csr", made->csrPem, 0644);
}

Expected<std::string> renewCertificate(HttpsClient& client, const std::string& kioskId) {
    Expected<KeyAndCsr> made = makeKeyAndCsr(kioskId);
    if (!made)
        return fail(made.error());
    HttpRequest request;
    request.method = "POST";
    request.target = kRenewCertificatePath;
    request.headers["Content-Type"] = "application/pkcs10";
    request.body = made->csrPem;
    Expected<HttpResponse> response = client.send(request);
    if (!response)
        return fail(response.error().withContext("renewing the certificate"));
    if (response->status >= 400 && response->status < 500)
        return fail(ErrorCode::rejected, "the platform refused the renewal: HTTP " +
                                             std::to_string(response->status) + " " + response->body);
    if (response->status != 201)
        return fail(ErrorCode::serverError,
                    "renewing the certificate: HTTP " + std::to_string(response->status));

    // The answer must be a certificate for our new key: anything else would lock the kiosk out.
    BioPtr certBio(BIO_new_mem_buf(response->body.data(), static_cast<int>(response->body.size())));
    CertPtr cert(certBio ? PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr) : nullptr);
    BioPtr keyBio(BIO_new_mem_buf(made->keyPem.data(), static_cast<int>(made->keyPem.size())));
    KeyPtr key(keyBio ? PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr) : nullptr);
    ERR_clear_error();
    if (!cert || !key || X509_check_private_key(cert.get(), key.get()) != 1) {
        ERR_clear_error();
        return fail(ErrorCode::serverError, "the renewal answer is not a certificate for the new key");
    }
    char cn[256] = {};
    X509_NAME_get_text_by_NID(X509_get_subject_name(cert.get()), NID_commonName, cn, sizeof cn);
    if (kioskId != cn)
        return fail(ErrorCode::serverError, std::string("the renewed certificate names ") + cn);

    const TlsClientConfig& config = client.config();
    if (Status s = writeFileAtomically(config.keyFile, made->keyPem, 0600); !s)
        return fail(s.error());
    if (Status s = writeFileAtomically(config.certFile, response->body, 0644); !s)
        return fail(s.error());
    client.disconnect();
    return response->body;
}

}  // namespace yimen::network
