// Names of error codes, for logs and diagnostics.
#include "common/error.h"

#include <cstring>

namespace yimen {

const char* toString(ErrorCode code) {
    switch (code) {
    case ErrorCode::invalidInput: return "invalid input";
    case ErrorCode::notFound: return "not found";
    case ErrorCode::conflict: return "conflict";
    case ErrorCode::io: return "i/o error";
    case ErrorCode::timeout: return "timeout";
    case ErrorCode::unavailable: return "unavailable";
    case ErrorCode::tls: return "tls";
    case ErrorCode::rejected: return "rejected";
    case ErrorCode::serverError: return "server error";
    case ErrorCode::device: return "device";
    case ErrorCode::crypto: return "crypto";
    case ErrorCode::database: return "database";
    case ErrorCode::internal: return "internal";
    }
    return "unknown";
}

std::string errnoText(int error) {
    char buffer[256];
    // The GNU strerror_r returns the text, in `buffer` or in static storage.
    return ::strerror_r(error, buffer, sizeof buffer);
}

}  // namespace yimen
