// Key and certificate generation with the OpenSSL 3 API. Files are written to a temporary name and
// renamed, so a crash never leaves half a key; private keys are created with mode 0600 from the start.
#include "platform/pki.h"

#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <filesystem>
#include <memory>
#include <utility>
#include <vector>

#include "common/tls/keys.h"

namespace yimen::platform::pki {
namespace {

using tls::BnPtr;
using tls::CertPtr;
using tls::cryptoError;
using tls::KeyPtr;
using tls::ReqPtr;
using ExtPtr = std::unique_ptr<X509_EXTENSION, tls::OpensslDeleter<X509_EXTENSION_free>>;

constexpr int kSerialBytes = 16;

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

// A certificate for `subjectKey` named CN=commonName, signed by `issuer` with `extensions`.
Expected<CertPtr> signCertificate(X509* issuer, EVP_PKEY* issuerKey, EVP_PKEY* subjectKey,
                                  const std::string& commonName, Validity v,
                                  const std::vector<std::pair<int, const char*>>& extensions) {
    Expected<CertPtr> cert = newCertificate(subjectKey, commonName, v);
    if (!cert)
        return fail(cert.error());
    X509* c = cert->get();
    if (X509_set_issuer_name(c, X509_get_subject_name(issuer)) != 1)
        return fail(cryptoError("setting the issuer of " + commonName));
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer, c, nullptr, nullptr, 0);
    for (const auto& [nid, value] : extensions)
        if (Status s = addExtension(c, &ctx, nid, value); !s)
            return fail(s.error());
    if (X509_sign(c, issuerKey, EVP_sha256()) == 0)
        return fail(cryptoError("signing the certificate of " + commonName));
    return cert;
}

// A server (serverAuth, SAN localhost and 127.0.0.1) or kiosk (clientAuth) certificate.
Expected<CertPtr> signLeaf(X509* issuer, EVP_PKEY* issuerKey, EVP_PKEY* subjectKey,
                           const std::string& commonName, bool server, Validity v) {
    std::vector<std::pair<int, const char*>> extensions = {
        {NID_basic_constraints, "critical,CA:FALSE"},
        {NID_key_usage, "critical,digitalSignature"},
        {NID_ext_key_usage, server ? "serverAuth" : "clientAuth"},
        {NID_subject_key_identifier, "hash"},
        {NID_authority_key_identifier, "keyid:always"},
    };
    if (server)
        extensions.emplace_back(NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
    return signCertificate(issuer, issuerKey, subjectKey, commonName, v, extensions);
}

bool exists(const std::string& path) {
    std::error_code ec;
    return std::filesystem::exists(path, ec);
}

}  // namespace

Status createCa(const std::string& caCrt, const std::string& caKey, const std::string& commonName,
                Validity v) {
    Expected<KeyPtr> key = tls::generateEcKey();
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

    if (Status s = tls::writeKeyFile(caKey, key->get()); !s)
        return s;
    return tls::writeCertFile(caCrt, c);
}

Status issueServerCert(const std::string& caCrt, const std::string& caKey, const std::string& outCrt,
                       const std::string& outKey, const std::string& commonName, Validity v) {
    Expected<CertPtr> ca = tls::readCertFile(caCrt);
    if (!ca)
        return fail(ca.error());
    Expected<KeyPtr> signer = tls::readKeyFile(caKey);
    if (!signer)
        return fail(signer.error());
    if (X509_check_private_key(ca->get(), signer->get()) != 1)
        return fail(ErrorCode::crypto, caKey + " is not the key of " + caCrt);

    Expected<KeyPtr> key = tls::generateEcKey();
    if (!key)
        return fail(key.error());
    Expected<CertPtr> cert = signLeaf(ca->get(), signer->get(), key->get(), commonName, true, v);
    if (!cert)
        return fail(cert.error());
    if (Status s = tls::writeKeyFile(outKey, key->get()); !s)
        return s;
    return tls::writeCertFile(outCrt, cert->get());
}

Status createIssuingCa(const std::string& rootCrt, const std::string& rootKey, const std::string& outCrt,
                       const std::string& outKey, const std::string& commonName, Validity v) {
    Expected<CertPtr> root = tls::readCertFile(rootCrt);
    if (!root)
        return fail(root.error());
    Expected<KeyPtr> signer = tls::readKeyFile(rootKey);
    if (!signer)
        return fail(signer.error());
    if (X509_check_private_key(root->get(), signer->get()) != 1)
        return fail(ErrorCode::crypto, rootKey + " is not the key of " + rootCrt);
    Expected<KeyPtr> key = tls::generateEcKey();
    if (!key)
        return fail(key.error());
    Expected<CertPtr> cert = signCertificate(root->get(), signer->get(), key->get(), commonName, v,
                                             {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
                                              {NID_key_usage, "critical,keyCertSign,cRLSign"},
                                              {NID_subject_key_identifier, "hash"},
                                              {NID_authority_key_identifier, "keyid:always"}});
    if (!cert)
        return fail(cert.error());
    if (Status s = tls::writeKeyFile(outKey, key->get()); !s)
        return s;
    return tls::writeCertFile(outCrt, cert->get());
}

Validity kioskValidity(int days) {
    return {-3600, static_cast<long>(days) * 24 * 3600};
}

std::string rootCaDir(const std::string& pkiDir) {
    return (std::filesystem::path(pkiDir).parent_path() / "root-ca").string();
}

std::string serialHex(X509* cert) {
    return tls::serialHex(cert);
}

Expected<std::string> serialOfFile(const std::string& crtFile) {
    Expected<CertPtr> cert = tls::readCertFile(crtFile);
    if (!cert)
        return fail(cert.error());
    return serialHex(cert->get());
}

Expected<std::unique_ptr<Issuer>> Issuer::load(const std::string& crtFile, const std::string& keyFile) {
    Expected<CertPtr> cert = tls::readCertFile(crtFile);
    if (!cert)
        return fail(cert.error());
    Expected<KeyPtr> key = tls::readKeyFile(keyFile);
    if (!key)
        return fail(key.error());
    if (X509_check_private_key(cert->get(), key->get()) != 1)
        return fail(ErrorCode::crypto, keyFile + " is not the key of " + crtFile);
    return std::unique_ptr<Issuer>(new Issuer(cert->release(), key->release()));
}

Issuer::~Issuer() {
    X509_free(cert_);
    EVP_PKEY_free(key_);
}

Expected<IssuedCertificate> Issuer::signKioskCsr(const std::string& csrPem,
                                                 const std::string& expectedCommonName, Validity v) const {
    Expected<ReqPtr> csr = tls::csrFromPem(csrPem);
    if (!csr)
        return fail(ErrorCode::invalidInput, "the body is not a PEM certificate signing request");
    EVP_PKEY* key = X509_REQ_get0_pubkey(csr->get());
    if (key == nullptr || X509_REQ_verify(csr->get(), key) != 1) {
        ERR_clear_error();
        return fail(ErrorCode::invalidInput, "the request's signature does not verify");
    }
    const int bits = EVP_PKEY_get_bits(key);
    const bool strong = (EVP_PKEY_get_base_id(key) == EVP_PKEY_EC && bits >= 256 && bits <= 384) ||
                        (EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA && bits >= 2048);
    if (!strong)
        return fail(ErrorCode::invalidInput,
                    "the request's key is not EC P-256/P-384 or RSA of 2048 bits or more");
    const std::string name = tls::commonNameOf(X509_REQ_get_subject_name(csr->get()));
    if (name.empty() || name != expectedCommonName)
        return fail(ErrorCode::rejected,
                    "the request names CN=" + (name.empty() ? std::string("(none)") : name) +
                        ", not CN=" + expectedCommonName);
    Expected<CertPtr> cert = signLeaf(cert_, key_, key, name, false, v);
    if (!cert)
        return fail(cert.error());
    Expected<std::string> pem = tls::certToPem(cert->get());
    if (!pem)
        return fail(pem.error());
    return IssuedCertificate{*pem, serialHex(cert->get()), name};
}

Status ensurePki(const std::string& pkiDir) {
    const std::string rootDir = rootCaDir(pkiDir);
    for (const std::string& dir : {pkiDir, rootDir}) {
        std::error_code ec;
        if (std::filesystem::is_directory(dir, ec))
            continue;
        if (!std::filesystem::create_directories(dir, ec) && ec)
            return fail(ErrorCode::io, "creating " + dir + ": " + ec.message());
        std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
    }
    const std::string caCrt = pkiDir + "/ca.crt", caKey = rootDir + "/ca.key";
    const std::string issuingCrt = pkiDir + "/issuing.crt", issuingKey = pkiDir + "/issuing.key";
    // An older layout kept the root key beside the certificates the server reads.
    if (const std::string legacyKey = pkiDir + "/ca.key"; exists(legacyKey) && !exists(caKey)) {
        std::error_code ec;
        std::filesystem::rename(legacyKey, caKey, ec);
        if (ec)
            return fail(ErrorCode::io, "moving " + legacyKey + " to " + caKey + ": " + ec.message());
    }
    // The key is written before the certificate, so a key without its certificate is an interrupted
    // creation and is replaced; a certificate without its key cannot issue anything.
    if (!exists(caCrt)) {
        if (Status s = createCa(caCrt, caKey, "Yimen Platform CA"); !s)
            return fail(s.error().withContext("creating the CA"));
    }
    auto needRootKey = [&](const std::string& crt) -> Status {
        if (exists(caKey))
            return {};
        return fail(ErrorCode::io, caKey + " (the root CA's key, kept offline) is missing, so " + crt +
                                       " cannot be issued; bring it back, or remove " + caCrt +
                                       " to start a new CA (every kiosk then needs a new certificate)");
    };
    if (!exists(issuingCrt) || !exists(issuingKey)) {
        if (Status s = needRootKey(issuingCrt); !s)
            return s;
        if (Status s = createIssuingCa(caCrt, caKey, issuingCrt, issuingKey, "Yimen Platform Issuing CA",
                                       {-3600, 5L * 365 * 24 * 3600});
            !s)
            return fail(s.error().withContext("creating the issuing CA"));
    }
    const std::string serverCrt = pkiDir + "/server.crt", serverKey = pkiDir + "/server.key";
    if (!exists(serverCrt) || !exists(serverKey)) {
        if (Status s = needRootKey(serverCrt); !s)
            return s;
        if (Status s = issueServerCert(caCrt, caKey, serverCrt, serverKey, "localhost"); !s)
            return fail(s.error().withContext("issuing server.crt"));
    }
    return {};
}

}  // namespace yimen::platform::pki
