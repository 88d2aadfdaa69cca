// The platform's small PKI, as PEM files: a root CA (the kiosks' pinned trust anchor), an issuing CA that
// signs kiosk certificates, the server certificate, and kiosk client certificates signed from the kiosks' own
// CSRs (a kiosk's private key never exists on the platform).
//
// Layout of a state directory DIR:
//   DIR/pki/      ca.crt (root), issuing.crt + issuing.key, server.crt + server.key, KIOSK-ID.crt,
//                 issued.txt and revoked.txt (see platform/revocation.h); what the running server reads.
//   DIR/root-ca/  ca.key, the root CA's key: written when the PKI is created, read only to create the
//                 issuing CA or the server certificate again. The server never needs it to serve or renew,
//                 so the operator keeps it offline.
#pragma once

#include <memory>
#include <string>

#include "common/error.h"

typedef struct evp_pkey_st EVP_PKEY;
typedef struct x509_st X509;

namespace yimen::platform::pki {

// Validity window relative to now, in seconds (negative = in the past).
struct Validity {
    long notBeforeSecondsFromNow = -3600;
    long notAfterSecondsFromNow = 10L * 365 * 24 * 3600;
};

// Kiosk certificates are short-lived and renewed over mTLS (POST /api/v1/kiosks/self/certificate).
inline constexpr int kDefaultKioskCertificateDays = 90;
// From an hour ago (clock skew) to `days` from now.
Validity kioskValidity(int days = kDefaultKioskCertificateDays);

// pkiDir/../root-ca: where ensurePki keeps the root CA's key.
std::string rootCaDir(const std::string& pkiDir);

// The serial number of a certificate as upper-case hex without leading zeros (as revoked.txt holds it).
std::string serialHex(X509* cert);
// The same for a PEM file. Errors: io.
[[nodiscard]] Expected<std::string> serialOfFile(const std::string& crtFile);

// Self-signed EC P-256 CA (basicConstraints CA:TRUE critical, keyUsage keyCertSign|cRLSign) written as PEM;
// key file mode 0600. Overwrites existing files. Errors: crypto (key or certificate generation), io
// (writing).
[[nodiscard]] Status createCa(const std::string& caCrt, const std::string& caKey,
                              const std::string& commonName, Validity v = {});

// The platform's server certificate and its new key, signed by the CA: EKU serverAuth, SAN DNS:localhost +
// IP:127.0.0.1, CN=commonName, random serial. Key file mode 0600. Overwrites existing files. (A kiosk's key
// is never made here: kiosks send a CSR, see Issuer::signKioskCsr.) Errors: io (reading the CA or writing),
// crypto (the CA key does not match its certificate, signing failed).
[[nodiscard]] Status issueServerCert(const std::string& caCrt, const std::string& caKey,
                                     const std::string& outCrt, const std::string& outKey,
                                     const std::string& commonName, Validity v = {});

// An intermediate CA (CA:TRUE, pathlen 0, keyCertSign|cRLSign) signed by the root. Key file mode 0600.
// Errors: as issueServerCert.
[[nodiscard]] Status createIssuingCa(const std::string& rootCrt, const std::string& rootKey,
                                     const std::string& outCrt, const std::string& outKey,
                                     const std::string& commonName, Validity v = {});

// A certificate signed from a kiosk's CSR.
struct IssuedCertificate {
    std::string pem;
    std::string serial;  // serialHex
    std::string commonName;
};

// The issuing CA's certificate and key, loaded once: what the server signs renewals with. Thread-safe
// (signing only reads). Non-copyable.
class Issuer {
public:
    // Errors: io (missing or unreadable files), crypto (the key is not the certificate's).
    [[nodiscard]] static Expected<std::unique_ptr<Issuer>> load(const std::string& crtFile,
                                                                const std::string& keyFile);
    ~Issuer();
    Issuer(const Issuer&) = delete;
    Issuer& operator=(const Issuer&) = delete;

    // Signs a PEM CSR as a kiosk client certificate (EKU clientAuth, CN from the CSR) valid for `v`, with a
    // random serial. The CSR's self-signature must verify, its subject CN must equal `expectedCommonName`,
    // and its key must be EC P-256/P-384 or RSA of 2048 bits or more. Only the public key leaves the kiosk.
    // Errors: invalidInput (not a CSR, bad signature, weak key), rejected (another CN), crypto (signing).
    [[nodiscard]] Expected<IssuedCertificate> signKioskCsr(const std::string& csrPem,
                                                           const std::string& expectedCommonName,
                                                           Validity v) const;

private:
    Issuer(X509* cert, EVP_PKEY* key) : cert_(cert), key_(key) {}
    X509* cert_;
    EVP_PKEY* key_;
};

// Creates, when missing: DIR/ca.crt with rootCaDir(DIR)/ca.key, DIR/issuing.crt + issuing.key,
// DIR/server.crt + server.key. No kiosk certificate: every kiosk makes its own key and CSR
// (yimen-kiosk --enrol), which `yimen-platform issue-kiosk` signs. DIR and the root CA folder get mode 0700.
// Existing files are kept, so a restarted platform keeps its CA; a state directory of an older layout (the
// root key in DIR/ca.key) has that key moved to the root CA folder. Errors: io, crypto; something to issue
// while the root key (or the issuing key) is gone is an io error naming the missing file.
[[nodiscard]] Status ensurePki(const std::string& pkiDir);

}  // namespace yimen::platform::pki
