// CertificateRenewal: the decision is a comparison of dates; the work is renewCertificate's.
#include "network/certificate_renewal.h"

#include <algorithm>
#include <ctime>

#include "common/log.h"
#include "common/tls/keys.h"
#include "network/kiosk_identity.h"

namespace yimen::network {
namespace {

constexpr const char* kLog = "pki";

std::int64_t systemSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// 2027-03-06 04:05 UTC
std::string utcText(std::int64_t seconds) {
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &tm);
    return text;
}

}  // namespace

bool renewalDue(std::int64_t notBefore, std::int64_t notAfter, std::int64_t now, double renewWhenLeft) {
    const double lifetime = static_cast<double>(std::max<std::int64_t>(notAfter - notBefore, 1));
    return static_cast<double>(notAfter - now) < renewWhenLeft * lifetime;
}

CertificateRenewal::CertificateRenewal(TlsClientConfig platform, std::string kioskId, RenewalPolicy policy,
                                       WallSeconds now)
    : kioskId_(std::move(kioskId)),
      policy_(policy),
      now_(now ? std::move(now) : WallSeconds(systemSeconds)),
      client_(std::move(platform)) {}

CertificateRenewal::~CertificateRenewal() {
    stop();
}

Expected<CertificateRenewal::Outcome> CertificateRenewal::checkNow() {
    const TlsClientConfig& config = client_.config();
    if (Status s = finishInterruptedRenewal(config); !s)
        return fail(s.error());
    Expected<tls::CertificateSummary> current = tls::summarizeFile(config.certFile);
    if (!current)
        return fail(current.error().withContext("checking the client certificate"));
    if (!renewalDue(current->notBefore, current->notAfter, now_(), policy_.renewWhenLeft))
        return Outcome::notDue;
    log::info(kLog, "renewing the client certificate (serial " + current->serial + "), valid until " +
                        utcText(current->notAfter));
    Expected<std::string> renewed = renewCertificate(client_, kioskId_);
    if (!renewed)
        return fail(renewed.error());
    Expected<tls::CertificateSummary> next = tls::summarizeFile(config.certFile);
    if (!next)
        return fail(next.error().withContext("reading the renewed certificate"));
    log::info(kLog, "renewed the client certificate: serial " + next->serial + ", valid until " +
                        utcText(next->notAfter));
    return Outcome::renewed;
}

void CertificateRenewal::start() {
    worker_.start([this](StopToken& stop) { run(stop); });
}

void CertificateRenewal::stop() {
    worker_.stop();
}

void CertificateRenewal::run(StopToken& stop) {
    std::chrono::milliseconds retry = policy_.retryFirst;
    while (!stop.stopRequested()) {
        Expected<Outcome> outcome = checkNow();
        ++checks_;
        std::chrono::milliseconds wait = policy_.checkEvery;
        if (outcome) {
            retry = policy_.retryFirst;
            if (*outcome == Outcome::renewed)
                ++renewals_;
        } else {
            log::warn(kLog, "certificate renewal failed, retrying in " +
                                std::to_string(retry.count() / 1000) + " s: " + outcome.error().message);
            wait = std::min(retry, policy_.checkEvery);
            retry = std::min(retry * 2, policy_.retryMax);
        }
        if (!stop.waitFor(wait))
            return;
    }
}

}  // namespace yimen::network
