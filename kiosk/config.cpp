// Reading the kiosk's JSON configuration file.
#include "kiosk/config.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <type_traits>

namespace yimen::kiosk {
namespace {

using nlohmann::json;

template <typename T>
void read(const json& j, const char* key, T& into, const std::string& where) {
    auto it = j.find(key);
    if (it == j.end())
        return;
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
        // nlohmann converts a float or an out-of-range integer with a plain cast, which is undefined
        // behaviour: a whole number that fits is the only number taken.
        const bool fits = it->is_number_unsigned()
                              ? it->template get<std::uint64_t>() <=
                                    static_cast<std::uint64_t>(std::numeric_limits<T>::max())
                              : it->is_number_integer() &&
                                    it->template get<std::int64_t>() >=
                                        static_cast<std::int64_t>(std::numeric_limits<T>::min()) &&
                                    it->template get<std::int64_t>() <=
                                        static_cast<std::int64_t>(std::numeric_limits<T>::max());
        if (!fits)
            throw std::runtime_error(where + key + " must be a whole number in range");
    }
    try {
        into = it->get<T>();
    } catch (const json::exception&) {
        throw std::runtime_error(where + key + " has the wrong type");
    }
}

void readPath(const json& j, const char* key, std::string& into, const std::string& where,
              const std::filesystem::path& base) {
    read(j, key, into, where);
    if (!into.empty() && std::filesystem::path(into).is_relative() && j.contains(key))
        into = (base / into).string();
}

void readMs(const json& j, const char* key, std::chrono::milliseconds& into, const std::string& where) {
    std::int64_t ms = into.count();
    read(j, key, ms, where);
    into = std::chrono::milliseconds(ms);
}

}  // namespace

Expected<KioskConfig> loadConfig(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        return fail(ErrorCode::io, "cannot read configuration file " + path);
    std::stringstream text;
    text << in.rdbuf();
    const std::filesystem::path base = std::filesystem::absolute(path).parent_path();
    KioskConfig c;
    try {
        const json j = json::parse(text.str());
        if (!j.is_object())
            return fail(ErrorCode::invalidInput, path + ": must be a JSON object");
        read(j, "kioskId", c.kioskId, "");
        read(j, "terminalNumber", c.terminalNumber, "");
        readPath(j, "dataDir", c.dataDir, "", base);
        readPath(j, "logFile", c.logFile, "", base);
        read(j, "catalogRefreshMs", c.catalogRefreshMs, "");
        if (auto o = j.find("outbox"); o != j.end())
            read(*o, "failedRetentionDays", c.outboxFailedRetentionDays, "outbox.");
        if (auto p = j.find("platform"); p != j.end()) {
            read(*p, "host", c.platform.host, "platform.");
            read(*p, "port", c.platform.port, "platform.");
            readPath(*p, "caFile", c.platform.caFile, "platform.", base);
            readPath(*p, "certFile", c.platform.certFile, "platform.", base);
            readPath(*p, "keyFile", c.platform.keyFile, "platform.", base);
            readMs(*p, "connectTimeoutMs", c.platform.connectTimeout, "platform.");
            readMs(*p, "handshakeTimeoutMs", c.platform.handshakeTimeout, "platform.");
            readMs(*p, "requestTimeoutMs", c.platform.requestTimeout, "platform.");
        }
        if (auto r = j.find("certificateRenewal"); r != j.end()) {
            read(*r, "renewWhenLeft", c.certificateRenewal.renewWhenLeft, "certificateRenewal.");
            readMs(*r, "checkEveryMs", c.certificateRenewal.checkEvery, "certificateRenewal.");
            readMs(*r, "retryFirstMs", c.certificateRenewal.retryFirst, "certificateRenewal.");
            readMs(*r, "retryMaxMs", c.certificateRenewal.retryMax, "certificateRenewal.");
        }
        if (auto s = j.find("session"); s != j.end()) {
            read(*s, "idleWarnAfterMs", c.session.idleWarnAfterMs, "session.");
            read(*s, "countdownMs", c.session.countdownMs, "session.");
            read(*s, "submitWaitMs", c.session.submitWaitMs, "session.");
            read(*s, "lookupWaitMs", c.session.lookupWaitMs, "session.");
            read(*s, "catalogPageSize", c.session.catalogPageSize, "session.");
        }
        if (auto d = j.find("devices"); d != j.end()) {
            read(*d, "cardReader", c.devices.cardReader, "devices.");
            read(*d, "printer", c.devices.printer, "devices.");
            read(*d, "scanner", c.devices.scanner, "devices.");
            readPath(*d, "simIdentities", c.devices.simIdentities, "devices.", base);
            readPath(*d, "simPrinterOut", c.devices.simPrinterOut, "devices.", base);
            read(*d, "printerWidthDots", c.devices.printerWidthDots, "devices.");
            read(*d, "printerRaster", c.devices.printerRaster, "devices.");
        }
        if (auto p = j.find("pinyin"); p != j.end()) {
            read(*p, "enabled", c.pinyin.enabled, "pinyin.");
            readPath(*p, "sharedDataDir", c.pinyin.sharedDataDir, "pinyin.", base);
            readPath(*p, "workDir", c.pinyin.workDir, "pinyin.", base);
        }
        if (auto h = j.find("handwriting"); h != j.end()) {
            read(*h, "enabled", c.handwriting.enabled, "handwriting.");
            readPath(*h, "model", c.handwriting.model, "handwriting.", base);
        }
    } catch (const std::exception& e) {
        return fail(ErrorCode::invalidInput, path + ": " + e.what());
    }
    if (c.session.lookupWaitMs < 5'000)
        return fail(ErrorCode::invalidInput, path + ": session.lookupWaitMs must be at least 5000 (5 s)");
    if (c.session.countdownMs < 20'000)
        return fail(ErrorCode::invalidInput, path + ": session.countdownMs must be at least 20000 (20 s)");
    if (c.outboxFailedRetentionDays < 1)
        return fail(ErrorCode::invalidInput, path + ": outbox.failedRetentionDays must be at least 1");
    if (!(c.certificateRenewal.renewWhenLeft > 0 && c.certificateRenewal.renewWhenLeft < 1))
        return fail(ErrorCode::invalidInput,
                    path + ": certificateRenewal.renewWhenLeft must be between 0 and 1");
    if (c.certificateRenewal.checkEvery.count() < 1000 || c.certificateRenewal.retryFirst.count() < 1000 ||
        c.certificateRenewal.retryMax < c.certificateRenewal.retryFirst)
        return fail(ErrorCode::invalidInput,
                    path +
                        ": certificateRenewal: checkEveryMs and retryFirstMs must be at "
                        "least 1000, retryMaxMs at least retryFirstMs");
    if (c.terminalNumber < 1 || c.terminalNumber > 9999)
        return fail(ErrorCode::invalidInput, path + ": terminalNumber must be 1..9999");
    if (c.devices.printerWidthDots != 576 && c.devices.printerWidthDots != 384)
        return fail(ErrorCode::invalidInput, path + ": devices.printerWidthDots must be 576 or 384");
    if (c.logFile.empty())
        c.logFile = (std::filesystem::path(c.dataDir) / "kiosk.log").string();
    if (c.pinyin.workDir.empty())
        c.pinyin.workDir = (std::filesystem::path(c.dataDir) / "ime").string();
    return c;
}

}  // namespace yimen::kiosk
