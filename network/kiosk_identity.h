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
// holds the new key, then replaces the client's keyFile and certFile (each written to a temporary file and
// renamed; the key first). The next connection of a client built from the same files uses the new
// certificate. Returns the new certificate (PEM). Blocking; call from the thread that owns `client`.
// Errors: those of HttpsClient::send; rejected (the platform refused: 4xx, e.g. 403 when the name is not the
// caller's); serverError (5xx, or an answer that is not a certificate for this key); io (writing files).
[[nodiscard]] Expected<std::string> renewCertificate(HttpsClient& client, const std::string& kioskId);

}  // namespace yimen::network
