// The platform's small PKI: a CA, the server certificate and kiosk client certificates, as PEM files.
#pragma once

#include <string>

#include "common/error.h"

namespace yimen::platform::pki {

// Validity window relative to now, in seconds (negative = in the past).
struct Validity {
    long notBeforeSecondsFromNow = -3600;
    long notAfterSecondsFromNow = 10L * 365 * 24 * 3600;
};

// Self-signed EC P-256 CA (basicConstraints CA:TRUE critical, keyUsage keyCertSign|cRLSign) written as PEM;
// key file mode 0600. Overwrites existing files. Errors: crypto (key or certificate generation), io
// (writing).
[[nodiscard]] Status createCa(const std::string& caCrt, const std::string& caKey,
                              const std::string& commonName, Validity v = {});

// Certificate signed by the CA. server=true: EKU serverAuth, SAN DNS:localhost + IP:127.0.0.1, CN=commonName;
// server=false: EKU clientAuth, CN=commonName. Random serial. Key file mode 0600. Overwrites existing files.
// Errors: io (reading the CA or writing), crypto (the CA key does not match its certificate, signing failed).
[[nodiscard]] Status issueCert(const std::string& caCrt, const std::string& caKey, const std::string& outCrt,
                               const std::string& outKey, const std::string& commonName, bool server,
                               Validity v = {});

// Creates, when missing, DIR/ca.crt, ca.key, server.crt, server.key, kiosk-0001.crt, kiosk-0001.key
// (and DIR itself, mode 0700). Existing files are kept, so a restarted platform keeps its CA.
// Errors: io, crypto; a CA certificate without its key is an io error (certificates cannot be issued).
[[nodiscard]] Status ensurePki(const std::string& pkiDir);

}  // namespace yimen::platform::pki
