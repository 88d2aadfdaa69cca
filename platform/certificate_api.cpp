// The renewal endpoint: the CN check is what keeps one kiosk from obtaining a certificate in another's name.
#include "platform/certificate_api.h"

#include "common/log.h"
#include "platform/revocation.h"

namespace yimen::platform {

CertificateApi::CertificateApi(std::unique_ptr<pki::Issuer> issuer, std::string pkiDir, int certificateDays)
    : issuer_(std::move(issuer)), pkiDir_(std::move(pkiDir)), certificateDays_(certificateDays) {}

ApiResponse CertificateApi::handle(const ApiRequest& request) const {
    if (request.method != "POST") {
        ApiResponse answer = ApiResponse::error(apiError::methodNotAllowed());
        answer.headers.emplace_back("Allow", "POST");
        return answer;
    }
    Expected<pki::IssuedCertificate> issued =
        issuer_->signKioskCsr(request.body, request.kioskId, pki::kioskValidity(certificateDays_));
    if (!issued) {
        log::warn("pki",
                  "refused a certificate request from " + request.kioskId + ": " + issued.error().message);
        if (issued.error().code == ErrorCode::rejected)
            return ApiResponse::error({403, "certificate_name_mismatch", "证书请求的名称与本机证书不符", ""});
        if (issued.error().code == ErrorCode::invalidInput)
            return ApiResponse::error({422, "invalid_csr", "证书请求无效", ""});
        return ApiResponse::error(apiError::internal());
    }
    if (Status s = recordIssued(pkiDir_, issued->serial, issued->commonName); !s) {
        log::error("pki", "recording a renewed certificate: " + s.error().message);
        return ApiResponse::error(apiError::internal());
    }
    log::info("pki", "renewed the certificate of " + issued->commonName + ", serial " + issued->serial +
                         ", for " + std::to_string(certificateDays_) + " days");
    return {201, {{"Content-Type", "application/x-pem-file"}}, issued->pem};
}

}  // namespace yimen::platform
