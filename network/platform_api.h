// The kiosk's side of the v1 platform contract (network/api/openapi.yaml), over HttpsClient.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/api/application.h"
#include "common/api/error_body.h"
#include "common/catalog.h"
#include "common/error.h"
#include "network/https_client.h"

namespace yimen::network {

// An error answer from the platform: HTTP status plus the JSON error body.
using ApiError = api::ApiError;

// Outcome of one write: delivered (with the platform's JSON answer), or refused by the platform
// (ApiError), or a transport failure (Error: unavailable, timeout, tls, serverError).
//
// delivered means acknowledged: a 200 or 201 whose body is a JSON object naming the write (the receipt
// number for an application, a non-empty ratingId for a rating) and whose idempotency key (the body's
// "idempotencyKey", or else the echoed Idempotency-Key header) is the one sent. Any other 2xx (an HTML page
// from a proxy, an empty body, another receipt, no key) is a transport failure (serverError): the write is
// tried again and its payload kept.
struct WriteOutcome {
    bool delivered = false;
    std::string responseJson;         // when delivered
    std::optional<ApiError> refused;  // when the platform answered 4xx/5xx
    std::optional<Error> transport;   // when it could not be asked

    // 4xx other than 408 and 429: sending the same thing again can never succeed.
    bool permanent() const;
};

struct CatalogFetch {
    bool notModified = false;
    std::string etag;
    std::string json;  // the raw catalog JSON when modified
};

// An application's status and timeline as the platform answers it.
using ApplicationStatus = api::ApplicationStatus;
using TimelineEntry = api::TimelineEntry;

// The answer to a citizen's lookup of a receipt.
struct StatusLookup {
    enum class Outcome {
        found,      // status holds the application
        notFound,   // 404: an unknown receipt or a wrong query code (the platform never says which)
        throttled,  // 429: too many wrong tries; retryAfterSeconds when the platform said
    };
    Outcome outcome = Outcome::notFound;
    ApplicationStatus status;   // when found
    std::string message;        // notFound, throttled: the platform's words, fit for a citizen
    int retryAfterSeconds = 0;  // throttled: the Retry-After header (0: absent or unreadable)
};

// Not thread-safe: owned by the network thread.
class PlatformApi {
public:
    explicit PlatformApi(HttpsClient& client) : client_(client) {}  // borrows client for its lifetime

    // Sends If-None-Match when `etag` is not empty. Errors: the transport errors; for another status
    // notFound (404), rejected (other 4xx), unavailable (408, 429), serverError (5xx, an empty catalog).
    [[nodiscard]] Expected<CatalogFetch> fetchCatalog(const std::string& etag);
    // receiptNo is the receipt the payload carries; only an answer naming it acknowledges the write.
    WriteOutcome createApplication(const std::string& idempotencyKey, const std::string& receiptNo,
                                   const std::string& payloadJson);
    WriteOutcome submitRating(const std::string& idempotencyKey, const std::string& payloadJson);
    // GET /api/v1/kiosks/self/receipts?day=yyMMdd: the last receipt sequence the platform holds for this
    // kiosk's terminal on that day (0 when none), so a kiosk whose database was lost never numbers a
    // receipt it already used. day must be 6 digits (invalidInput). Errors: notFound (a platform without
    // the route), rejected (other 4xx), unavailable (408, 429), serverError (5xx, a malformed answer or
    // one for another day), and the transport errors.
    [[nodiscard]] Expected<int> lastReceiptSequence(const std::string& day);
    // Errors: notFound (unknown receipt or wrong query code; the message is the platform's, fit for a
    // citizen), rejected (other 4xx), serverError (5xx, a malformed answer), and the transport errors.
    [[nodiscard]] Expected<ApplicationStatus> applicationStatus(const std::string& receiptNo,
                                                                const std::string& queryCode);
    // The same lookup, for a citizen at the kiosk: a 404 and a 429 are answers (with the platform's message),
    // not errors. Errors: rejected (other 4xx), serverError (5xx, a malformed answer), and the transport
    // errors (unavailable, timeout, tls).
    [[nodiscard]] Expected<StatusLookup> lookUpApplication(const std::string& receiptNo,
                                                           const std::string& queryCode);

private:
    // expectedReceipt empty: a rating, acknowledged by a non-empty ratingId.
    WriteOutcome post(const std::string& target, const std::string& key, const std::string& body,
                      const std::string& expectedReceipt);
    HttpsClient& client_;
};

}  // namespace yimen::network
