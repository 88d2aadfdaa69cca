// Keys and CSRs with the OpenSSL 3 API; files written to a temporary name, fsync'd and renamed, so a crash
// never leaves half a key.
#include "network/kiosk_identity.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "common/tls/keys.h"

namespace yimen::network {
namespace {

// The new key and certificate while a renewal writes them, beside the pair in use.
constexpr const char* kNextSuffix = ".next";

bool exists(const std::string& path) {
    std::error_code ec;
    return std::filesystem::exists(path, ec);
}

}  // namespace

Expected<KeyAndCsr> makeKeyAndCsr(const std::string& kioskId) {
    Expected<tls::KeyPtr> key = tls::generateEcKey();
    if (!key)
        return fail(key.error());
    tls::ReqPtr req(X509_REQ_new());
    X509_NAME* name = req ? X509_REQ_get_subject_name(req.get()) : nullptr;
    if (!req || X509_REQ_set_version(req.get(), X509_REQ_VERSION_1) != 1 ||
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(kioskId.c_str()), -1, -1, 0) != 1 ||
        X509_REQ_set_pubkey(req.get(), key->get()) != 1 ||
        X509_REQ_sign(req.get(), key->get(), EVP_sha256()) == 0)
        return fail(tls::cryptoError("making the certificate request of " + kioskId));
    Expected<std::string> keyPem = tls::keyToPem(key->get());
    Expected<std::string> csrPem =
        keyPem ? tls::csrToPem(req.get()) : Expected<std::string>(fail(keyPem.error()));
    if (!csrPem)
        return fail(csrPem.error().withContext("encoding the key and request of " + kioskId));
    return KeyAndCsr{*keyPem, *csrPem};
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
    if (Status s = tls::writeFileAtomically(keyFile, made->keyPem, 0600); !s)
        return s;
    return tls::writeFileAtomically(dir + "/" + kioskId + ".csr", made->csrPem, 0644);
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
    Expected<tls::CertPtr> cert = tls::certFromPem(response->body);
    Expected<tls::KeyPtr> key = tls::keyFromPem(made->keyPem);
    if (!cert || !key || X509_check_private_key(cert->get(), key->get()) != 1) {
        ERR_clear_error();
        return fail(ErrorCode::serverError, "the renewal answer is not a certificate for the new key");
    }
    if (const std::string cn = tls::commonNameOf(X509_get_subject_name(cert->get())); cn != kioskId)
        return fail(ErrorCode::serverError, "the renewed certificate names " + cn);

    // Both new files are complete on disk before either replaces the pair in use; a crash between the two
    // renames is completed by finishInterruptedRenewal.
    const TlsClientConfig& config = client.config();
    const std::string keyNext = config.keyFile + kNextSuffix, certNext = config.certFile + kNextSuffix;
    if (Status s = tls::writeFileAtomically(keyNext, made->keyPem, 0600); !s)
        return fail(s.error());
    if (Status s = tls::writeFileAtomically(certNext, response->body, 0644); !s) {
        ::unlink(keyNext.c_str());
        return fail(s.error());
    }
    if (::rename(keyNext.c_str(), config.keyFile.c_str()) != 0) {
        const std::string reason = errnoText(errno);
        ::unlink(keyNext.c_str());
        ::unlink(certNext.c_str());
        return fail(ErrorCode::io, "replacing " + config.keyFile + ": " + reason);
    }
    if (::rename(certNext.c_str(), config.certFile.c_str()) != 0)
        return fail(ErrorCode::io, "replacing " + config.certFile + ": " + errnoText(errno) +
                                       " (completed at the next start)");
    client.disconnect();
    return response->body;
}

Status finishInterruptedRenewal(const TlsClientConfig& config) {
    const std::string keyNext = config.keyFile + kNextSuffix, certNext = config.certFile + kNextSuffix;
    if (exists(keyNext)) {
        // Interrupted before the pair in use was touched: that pair still works.
        ::unlink(keyNext.c_str());
        ::unlink(certNext.c_str());
        return {};
    }
    if (!exists(certNext))
        return {};
    // The new key is in place: its certificate must follow, or the key and certificate do not match.
    if (::rename(certNext.c_str(), config.certFile.c_str()) != 0)
        return fail(ErrorCode::io, "completing the renewal of " + config.certFile + ": " + errnoText(errno));
    return {};
}

}  // namespace yimen::network
