// POST /api/v1/kiosks/self/certificate: a kiosk renews its client certificate over its current mTLS link by
// sending a CSR for its own name; the platform answers with a certificate signed by the issuing CA.
#pragma once

#include <memory>
#include <string>

#include "platform/api.h"
#include "platform/pki.h"

namespace yimen::platform {

inline constexpr const char* kKioskCertificatePath = "/api/v1/kiosks/self/certificate";

// Thread-safe: handle() only reads the issuer and appends to issued.txt.
class CertificateApi {
public:
    // `pkiDir` is where issued.txt is kept; new certificates live `certificateDays` days.
    CertificateApi(std::unique_ptr<pki::Issuer> issuer, std::string pkiDir, int certificateDays);

    // POST with a PEM CSR whose subject CN equals request.kioskId (the CN of the certificate the kiosk
    // connected with): 201 with the new certificate as PEM (Content-Type application/x-pem-file), recorded in
    // issued.txt. 405 for another method; 422 invalid_csr for a body that is not a sound CSR; 403
    // certificate_name_mismatch for a CSR naming another kiosk; 500 when signing or recording fails.
    ApiResponse handle(const ApiRequest& request) const;

private:
    std::unique_ptr<pki::Issuer> issuer_;
    std::string pkiDir_;
    int certificateDays_;
};

}  // namespace yimen::platform
