// When the kiosk renews its client certificate (network/certificate_renewal.h), as configured.
#pragma once

#include <chrono>

namespace yimen::network {

struct RenewalPolicy {
    // Renew once less than this part of the certificate's lifetime (notBefore to notAfter) is left: a third
    // of the platform's 90 days is 30 days, time for many retries.
    double renewWhenLeft = 1.0 / 3;
    std::chrono::milliseconds checkEvery{6 * 60 * 60 * 1000};  // between checks while nothing is due
    std::chrono::milliseconds retryFirst{60 * 1000};           // after a failed renewal, doubling ...
    std::chrono::milliseconds retryMax{60 * 60 * 1000};        // ... up to this
};

}  // namespace yimen::network
