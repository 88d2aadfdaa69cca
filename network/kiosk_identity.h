// The kiosk's own TLS identity: its private key is made here, on the kiosk, and only a certificate signing
// request (the public key and the kiosk id) goes to the platform, at enrolment and at every renewal.
#pragma once

#include <string>

#include "common/error.h"
#include "network/https_client.h"

namespace yimen::network {

inline constexpr const char* kRenewCertificatePath = "/api/v1/kiosks/self/certificate";

struct KeyAndCsr {
    std::string keyPem;  // PKCS#8 EC P-256 private key: never sent anywhere
    std::string csrPem;  // PKCS#10 request for CN=kioskId, signed by the key
};

// A new key and its CSR. Errors: crypto.
[[nodiscard]] Expected<KeyAndCsr> makeKeyAndCsr(const std::string& kioskId);

// Enrolment: writes DIR/KIOSK-ID.key (mode 0600) and DIR/KIOSK-ID.csr (DIR is created, mode 0700). Refuses
// to replace an existing key. Errors: conflict (the key exists), io, crypto.
[[nodiscard]] Status writeKeyAndCsr(const std::string& dir, const std::string& kioskId);

// Renewal over the current mutual-TLS link: makes a new key and CSR, POSTs the CSR to
// /api/v1/kiosks/self/certificate with `client`, checks that the answered certificate names `kioskId` and
// holds the new key, then replaces the client's keyFile and certFile: both are written in full beside them
// (KEY.next, CERT.next) before the key and then the certificate are renamed over the pair in use, so a
// failure at any step leaves a working pair (see finishInterruptedRenewal). The next request of any client
// built from the same files goes out with the new certificate (HttpsClient notices the new files). Returns
// the new certificate (PEM). Blocking; call from the thread that owns `client`. Errors: those of
// HttpsClient::send; rejected (the platform refused: 4xx, e.g. 403 when the name is not the caller's);
// serverError (5xx, or an answer that is not a certificate for this key); io (writing files).
[[nodiscard]] Expected<std::string> renewCertificate(HttpsClient& client, const std::string& kioskId);

// Completes or undoes a renewal that a crash interrupted, so that keyFile and certFile are a matching pair:
// KEY.next present = interrupted before the pair was touched (both .next files are removed); only CERT.next
// present = the key was replaced, the certificate not yet (it is renamed into place). Call before the first
// connection. Errors: io.
[[nodiscard]] Status finishInterruptedRenewal(const TlsClientConfig& config);

}  // namespace yimen::network
