// The kiosk renews its own client certificate over its mutual-TLS link before it expires: checked at start
// and then periodically, on a thread of its own with a platform client of its own.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "common/error.h"
#include "common/worker.h"
#include "network/https_client.h"
#include "network/renewal_policy.h"
#include "network/tls_config.h"

namespace yimen::network {

// Whether a certificate valid from `notBefore` to `notAfter` (seconds since the epoch) is due for renewal at
// `now`: less than `renewWhenLeft` of its lifetime is left (or it has expired). Pure.
bool renewalDue(std::int64_t notBefore, std::int64_t notAfter, std::int64_t now, double renewWhenLeft);

// Owns its HttpsClient (built from `platform`, whose certFile and keyFile it replaces when it renews) and its
// Worker. Other clients built from the same files move to the new certificate with their next request (see
// HttpsClient). Logs each renewal with the new serial and expiry; nothing personal. Not copyable.
class CertificateRenewal {
public:
    using WallSeconds = std::function<std::int64_t()>;  // seconds since the epoch; tests inject one
    CertificateRenewal(TlsClientConfig platform, std::string kioskId, RenewalPolicy policy = {},
                       WallSeconds now = {});
    ~CertificateRenewal();  // stop()
    CertificateRenewal(const CertificateRenewal&) = delete;
    CertificateRenewal& operator=(const CertificateRenewal&) = delete;

    enum class Outcome { notDue, renewed };
    // One check on the calling thread: completes an interrupted renewal, reads the certificate, and renews
    // it when due. Not while the worker runs (the client has one owner). Errors: io (the certificate cannot
    // be read), and those of renewCertificate (the old certificate and key stay in place and in use).
    [[nodiscard]] Expected<Outcome> checkNow();

    // Checks now on the worker's thread, then every policy.checkEvery; after a failed check, again after
    // retryFirst, doubling up to retryMax. Call once.
    void start();
    // Stops and joins the worker, waiting for a renewal under way (bounded by the client's timeouts).
    // Idempotent.
    void stop();

    // Checks made and renewals done by the worker, for tests and status. Any thread.
    int checks() const { return checks_.load(); }
    int renewals() const { return renewals_.load(); }

private:
    void run(StopToken& stop);

    const std::string kioskId_;
    const RenewalPolicy policy_;
    const WallSeconds now_;
    HttpsClient client_;
    std::atomic<int> checks_{0};
    std::atomic<int> renewals_{0};
    Worker worker_{"certificate-renewal"};
};

}  // namespace yimen::network
