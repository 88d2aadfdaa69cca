// Kiosk certificates for tests, made the way a kiosk is enrolled: the key and CSR on the kiosk's side
// (network::writeKeyAndCsr, as `yimen-kiosk --make-csr` does), the CSR signed by the platform's issuing CA.
// No test makes a kiosk's private key on the platform's side.
#pragma once

#include <string>

#include "platform/pki.h"

namespace yimen::testing {

struct EnrolledKiosk {
    std::string certFile;  // KIOSK-DIR/ID.crt
    std::string keyFile;   // KIOSK-DIR/ID.key, mode 0600
    std::string serial;    // pki::serialHex of the certificate
};

// Enrols `kioskId` as the operator does: its key and CSR made in `kioskDir`, then
// `yimen-platform --state STATE-DIR issue-kiosk ID --terminal N --csr FILE` (the kiosk registered as terminal
// `terminal`, the certificate recorded in issued.txt and written to STATE-DIR/pki/ID.crt), and the
// certificate copied to the kiosk's folder. Works while the platform runs. A kiosk already enrolled in
// `kioskDir` (its certificate and key there) is returned as it is, so a test may build its kiosk again.
// Throws std::runtime_error with the reason.
EnrolledKiosk enrolKiosk(const std::string& stateDir, const std::string& kioskDir,
                         const std::string& kioskId = "kiosk-0001", int terminal = 1);

// A kiosk certificate from any CA (`caCrt` with `caKey`: the issuing CA, or another), for `validity`: its key
// and CSR made in `kioskDir`, the certificate written to KIOSK-DIR/ID.crt. Not registered or recorded: for
// certificates near expiry, expired, or from a CA the platform does not trust. Throws std::runtime_error.
EnrolledKiosk signKioskCertificate(const std::string& caCrt, const std::string& caKey,
                                   const std::string& kioskDir, const std::string& kioskId,
                                   platform::pki::Validity validity = platform::pki::kioskValidity());

}  // namespace yimen::testing
