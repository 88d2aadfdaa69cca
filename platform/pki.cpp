// Key and certificate generation with the OpenSSL 3 API. Files are written to a temporary name and
// renamed, so a crash never leaves half a key; private keys are created with mode 0600 from the start.
#include "platform/pki.h"

#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace yimen::platform::pki {
namespace {

template <auto Free>
struct Deleter {
    template <typename T>
    void operator()(T* p) const {
        Free(p);
    }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

constexpr int kSerialBytes = 16;

// The most recent OpenSSL error as text, and the error queue cleared.
std::string opensslError() {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return "unknown OpenSSL error";
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    return buffer;
}

Error cryptoError(const std::string& what) {
    return Error{ErrorCode::crypto, what + ": " + opensslError()};
}

Expected<std::string> toPem(const std::function<int(BIO*)>& write, const std::string& what) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || write(bio.get()) != 1)
        return fail(cryptoError("encoding " + what));
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

// Writes `content` to `path` atomically with permission `mode`.
Status writeFile(const std::string& path, const std::string& content, mode_t mode) {
    const std::string temporary = path + ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        return fail(ErrorCode::io, "creating " + temporary + ": " + std::strerror(errno));
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
        const std::string reason = std::strerror(ok ? errno : savedErrno);
        ::unlink(temporary.c_str());
        return fail(ErrorCode::io, "writing " + path + ": " + reason);
    }
    return {};
}

Status writeKey(const std::string& path, EVP_PKEY* key) {
    Expected<std::string> pem = toPem(
        [key](BIO* bio) { return PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr); },
        "the private key");
    if (!pem)
        return fail(pem.error());
    return writeFile(path, *pem, 0600);
}

Status writeCert(const std::string& path, X509* cert) {
    Expected<std::string> pem =
        toPem([cert](BIO* bio) { return PEM_write_bio_X509(bio, cert); }, "the certificate");
    if (!pem)
        return fail(pem.error());
    return writeFile(path, *pem, 0644);
}

Expected<KeyPtr> generateKey() {
    KeyPtr key(EVP_EC_gen("P-256"));
    if (!key)
        return fail(cryptoError("generating an EC P-256 key"));
    return key;
}

Expected<CertPtr> readCert(const std::string& path) {
    BioPtr bio(BIO_new_file(path.c_str(), "r"));
    if (!bio)
        return fail(ErrorCode::io, "reading " + path + ": " + opensslError());
    CertPtr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert)
        return fail(ErrorCode::io, path + " holds no PEM certificate: " + opensslError());
    return cert;
}

Expected<KeyPtr> readKey(const std::string& path) {
    BioPtr bio(BIO_new_file(path.c_str(), "r"));
    if (!bio)
        return fail(ErrorCode::io, "reading " + path + ": " + opensslError());
    KeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key)
        return fail(ErrorCode::io, path + " holds no PEM private key: " + opensslError());
    return key;
}

Status addExtension(X509* cert, X509V3_CTX* ctx, int nid, const char* value) {
    ExtPtr ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value));
    if (!ext || X509_add_ext(cert, ext.get(), -1) != 1)
        return fail(cryptoError(std::string("adding extension ") + OBJ_nid2sn(nid) + "=" + value));
    return {};
}

// A certificate for `key` named CN=commonName, valid for `v`, with a random positive serial; not yet signed.
Expected<CertPtr> newCertificate(EVP_PKEY* key, const std::string& commonName, Validity v) {
    CertPtr cert(X509_new());
    if (!cert)
        return fail(cryptoError("allocating a certificate"));
    unsigned char serial[kSerialBytes];
    if (RAND_bytes(serial, sizeof serial) != 1)
        return fail(cryptoError("drawing a serial number"));
    serial[0] &= 0x7f;  // positive
    serial[0] |= 0x01;  // and of full length
    BnPtr bn(BN_bin2bn(serial, sizeof serial, nullptr));
    X509_NAME* name = X509_get_subject_name(cert.get());
    if (!bn || X509_set_version(cert.get(), X509_VERSION_3) != 1 ||
        BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get())) == nullptr ||
        X509_gmtime_adj(X509_getm_notBefore(cert.get()), v.notBeforeSecondsFromNow) == nullptr ||
        X509_gmtime_adj(X509_getm_notAfter(cert.get()), v.notAfterSecondsFromNow) == nullptr ||
        X509_set_pubkey(cert.get(), key) != 1 ||
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(commonName.c_str()), -1, -1,
                                   0) != 1)
        return fail(cryptoError("filling in the certificate for " + commonName));
    return cert;
}

bool exists(const std::string& path) {
    std::error_code ec;
    return std::filesystem::exists(path, ec);
}

}  // namespace

Status createCa(const std::string& caCrt, const std::string& caKey, const std::string& commonName,
                Validity v) {
    Expected<KeyPtr> key = generateKey();
    if (!key)
        return fail(key.error());
    Expected<CertPtr> cert = newCertificate(key->get(), commonName, v);
    if (!cert)
        return fail(cert.error());
    X509* c = cert->get();
    if (X509_set_issuer_name(c, X509_get_subject_name(c)) != 1)
        return fail(cryptoError("setting the CA issuer"));

    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, c, c, nullptr, nullptr, 0);
    for (const auto& [nid, value] : {std::pair{NID_basic_constraints, "critical,CA:TRUE"},
                                     std::pair{NID_key_usage, "critical,keyCertSign,cRLSign"},
                                     std::pair{NID_subject_key_identifier, "hash"},
                                     std::pair{NID_authority_key_identifier, "keyid:always"}})
        if (Status s = addExtension(c, &ctx, nid, value); !s)
            return s;
    if (X509_sign(c, key->get(), EVP_sha256()) == 0)
        return fail(cryptoError("signing the CA certificate"));

    if (Status s = writeKey(caKey, key->get()); !s)
        return s;
    return writeCert(caCrt, c);
}

Status issueCert(const std::string& caCrt, const std::string& caKey, const std::string& outCrt,
                 const std::string& outKey, const std::string& commonName, bool server, Validity v) {
    Expected<CertPtr> ca = readCert(caCrt);
    if (!ca)
        return fail(ca.error());
    Expected<KeyPtr> signer = readKey(caKey);
    if (!signer)
        return fail(signer.error());
    if (X509_check_private_key(ca->get(), signer->get()) != 1)
        return fail(ErrorCode::crypto, caKey + " is not the key of " + caCrt);

    Expected<KeyPtr> key = generateKey();
    if (!key)
        return fail(key.error());
    Expected<CertPtr> cert = newCertificate(key->get(), commonName, v);
    if (!cert)
        return fail(cert.error());
    X509* c = cert->get();
    if (X509_set_issuer_name(c, X509_get_subject_name(ca->get())) != 1)
        return fail(cryptoError("setting the issuer of " + commonName));

    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, ca->get(), c, nullptr, nullptr, 0);
    std::vector<std::pair<int, const char*>> extensions = {
        {NID_basic_constraints, "critical,CA:FALSE"},
        {NID_key_usage, "critical,digitalSignature"},
        {NID_ext_key_usage, server ? "serverAuth" : "clientAuth"},
        {NID_subject_key_identifier, "hash"},
        {NID_authority_key_identifier, "keyid:always"},
    };
    if (server)
        extensions.emplace_back(NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
    for (const auto& [nid, value] : extensions)
        if (Status s = addExtension(c, &ctx, nid, value); !s)
            return s;
    if (X509_sign(c, signer->get(), EVP_sha256()) == 0)
        return fail(cryptoError("signing the certificate of " + commonName));

    if (Status s = writeKey(outKey, key->get()); !s)
        return s;
    return writeCert(outCrt, c);
}

Status ensurePki(const std::string& pkiDir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(pkiDir, ec)) {
        if (!std::filesystem::create_directories(pkiDir, ec) && ec)
            return fail(ErrorCode::io, "creating " + pkiDir + ": " + ec.message());
        std::filesystem::permissions(pkiDir, std::filesystem::perms::owner_all, ec);
    }
    const std::string caCrt = pkiDir + "/ca.crt", caKey = pkiDir + "/ca.key";
    // The key is written before the certificate, so a key without its certificate is an interrupted
    // creation and is replaced; a certificate without its key cannot issue anything.
    if (!exists(caCrt)) {
        if (Status s = createCa(caCrt, caKey, "Yimen Platform CA"); !s)
            return fail(s.error().withContext("creating the CA"));
    }
    struct Leaf {
        const char* name;
        bool server;
    };
    for (const Leaf& leaf : {Leaf{"server", true}, Leaf{"kiosk-0001", false}}) {
        const std::string crt = pkiDir + "/" + leaf.name + ".crt", key = pkiDir + "/" + leaf.name + ".key";
        if (exists(crt) && exists(key))
            continue;
        if (!exists(caKey))
            return fail(ErrorCode::io, caKey + " is missing, so " + crt +
                                           " cannot be issued; restore it, or remove " + caCrt +
                                           " to start a new CA (every kiosk then needs a new certificate)");
        const std::string commonName = leaf.server ? "localhost" : leaf.name;
        if (Status s = issueCert(caCrt, caKey, crt, key, commonName, leaf.server); !s)
            return fail(s.error().withContext(std::string("issuing ") + leaf.name + ".crt"));
    }
    return {};
}

}  // namespace yimen::platform::pki
