// Which kiosk certificates were issued and which are revoked: two small text files in the PKI folder that the
// offline commands write and the running server reads.
//   issued.txt   one line per certificate signed from a CSR: "SERIAL KIOSK-ID"
//   revoked.txt  one line per revoked certificate: "SERIAL KIOSK-ID" (KIOSK-ID may be "-")
// SERIAL is pki::serialHex. Lines are appended with O_APPEND and fsync'd, one write each.
#pragma once

#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "common/error.h"

namespace yimen::platform {

std::string issuedListPath(const std::string& pkiDir);
std::string revocationListPath(const std::string& pkiDir);

// Records that `serial` was issued to `kioskId`. Errors: io.
[[nodiscard]] Status recordIssued(const std::string& pkiDir, const std::string& serial,
                                  const std::string& kioskId);

// Revokes every certificate issued to the kiosk `kioskIdOrSerial` names (from issued.txt and its
// pkiDir/KIOSK-ID.crt), or else the one certificate whose serial it is (hex, colons and case ignored).
// Returns the serials newly revoked (empty when all were revoked already).
// Errors: invalidInput (neither a known kiosk nor a serial), io.
[[nodiscard]] Expected<std::vector<std::string>> revoke(const std::string& pkiDir,
                                                        const std::string& kioskIdOrSerial);

// The revocation list as the server consults it: reread whenever the file's modification time or size
// changed (one stat per call), so `revoke` takes effect on the next connection without a restart.
// Thread-safe. A missing file is an empty list.
class RevocationList {
public:
    explicit RevocationList(std::string path) : path_(std::move(path)) {}
    bool isRevoked(const std::string& serial) const;

private:
    void refresh() const;  // with mutex_ held
    const std::string path_;
    mutable std::mutex mutex_;
    mutable std::set<std::string> serials_;
    mutable long long stamp_ = -1, size_ = -1;
};

}  // namespace yimen::platform
