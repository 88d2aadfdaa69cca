// Plain text files: an operator can read them, and appending one line is atomic enough for two writers.
#include "platform/revocation.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "platform/pki.h"

namespace yimen::platform {
namespace {

Status appendLine(const std::string& path, const std::string& line) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
        return fail(ErrorCode::io, "opening " + path + ": " + errnoText(errno));
    const std::string text = line + "\n";
    const bool ok =
        ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    if (!ok)
        return fail(ErrorCode::io, "writing " + path + ": " + errnoText(saved));
    return {};
}

// "SERIAL KIOSK-ID" lines of `path` as pairs; a missing file has none.
std::vector<std::pair<std::string, std::string>> readPairs(const std::string& path) {
    std::vector<std::pair<std::string, std::string>> pairs;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string serial, kiosk;
        if (fields >> serial) {
            fields >> kiosk;
            pairs.emplace_back(serial, kiosk);
        }
    }
    return pairs;
}

// Upper-case hex without colons and leading zeros, or empty when `text` is not hex.
std::string normalizeSerial(const std::string& text) {
    std::string hex;
    for (char c : text) {
        if (c == ':')
            continue;
        if (!std::isxdigit(static_cast<unsigned char>(c)))
            return {};
        hex += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    const std::size_t first = hex.find_first_not_of('0');
    return first == std::string::npos ? std::string() : hex.substr(first);
}

}  // namespace

std::string issuedListPath(const std::string& pkiDir) {
    return pkiDir + "/issued.txt";
}

std::string revocationListPath(const std::string& pkiDir) {
    return pkiDir + "/revoked.txt";
}

Status recordIssued(const std::string& pkiDir, const std::string& serial, const std::string& kioskId) {
    return appendLine(issuedListPath(pkiDir), serial + " " + kioskId);
}

Expected<std::vector<std::string>> revoke(const std::string& pkiDir, const std::string& kioskIdOrSerial) {
    std::vector<std::pair<std::string, std::string>> targets;  // serial, kiosk
    for (const auto& [serial, kiosk] : readPairs(issuedListPath(pkiDir)))
        if (kiosk == kioskIdOrSerial)
            targets.emplace_back(serial, kiosk);
    const std::string crt = pkiDir + "/" + kioskIdOrSerial + ".crt";
    std::error_code ec;
    if (kioskIdOrSerial.find('/') == std::string::npos && std::filesystem::exists(crt, ec)) {
        Expected<std::string> serial = pki::serialOfFile(crt);
        if (!serial)
            return fail(serial.error());
        targets.emplace_back(*serial, kioskIdOrSerial);
    }
    if (targets.empty()) {
        const std::string serial = normalizeSerial(kioskIdOrSerial);
        if (serial.empty())
            return fail(
                ErrorCode::invalidInput,
                "'" + kioskIdOrSerial + "' is neither a kiosk with a certificate here nor a serial number");
        std::string kiosk = "-";
        for (const auto& [issued, owner] : readPairs(issuedListPath(pkiDir)))
            if (issued == serial)
                kiosk = owner;
        targets.emplace_back(serial, kiosk);
    }
    std::set<std::string> already;
    for (const auto& [serial, kiosk] : readPairs(revocationListPath(pkiDir))) already.insert(serial);
    std::vector<std::string> revoked;
    for (const auto& [serial, kiosk] : targets) {
        if (!already.insert(serial).second)
            continue;
        if (Status s = appendLine(revocationListPath(pkiDir), serial + " " + kiosk); !s)
            return fail(s.error());
        revoked.push_back(serial);
    }
    return revoked;
}

bool RevocationList::isRevoked(const std::string& serial) const {
    std::lock_guard lock(mutex_);
    refresh();
    return serials_.count(serial) > 0;
}

void RevocationList::refresh() const {
    struct stat st {};
    const bool present = ::stat(path_.c_str(), &st) == 0;
    const long long stamp =
        present ? static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec : 0;
    const long long size = present ? static_cast<long long>(st.st_size) : 0;
    if (stamp == stamp_ && size == size_)
        return;
    stamp_ = stamp;
    size_ = size;
    serials_.clear();
    for (const auto& [serial, kiosk] : readPairs(path_)) serials_.insert(serial);
}

}  // namespace yimen::platform
