// The kiosk's configuration: a JSON file, every key optional, defaults fit for the local demo.
#pragma once

#include <string>

#include "common/error.h"
#include "kiosk/core/session_state.h"
#include "network/renewal_policy.h"
#include "network/tls_config.h"

namespace yimen::kiosk {

// Which backend serves each device kind: "auto" (the first known device plugged in), "usb:VID:PID",
// "tty:/dev/ttyUSB0" (card reader), "v4l2:/dev/video0" (scanner), or "sim" (the simulated twin).
struct DeviceConfig {
    std::string cardReader = "sim";
    std::string printer = "sim";
    std::string scanner = "sim";
    bool printerRaster = false;  // print Chinese as raster images, for printers without a Chinese font
    std::string simIdentities;   // JSON file of the simulated reader's cards
    std::string simPrinterOut;   // folder where the simulated printer writes receipt PNGs
    int printerWidthDots = 576;  // 576 for 80 mm paper, 384 for 58 mm
};

// The pinyin keyboard for Chinese answers (librime). When it cannot start, text answers take letters and
// digits.
struct PinyinConfig {
    bool enabled = true;
    std::string sharedDataDir = "/usr/share/rime-data";  // Debian's rime-data-luna-pinyin and rime-essay
    std::string workDir;  // the kiosk's schema and the tables compiled for it; default dataDir/ime
};
struct HandwritingConfig {
    bool enabled = true;
    std::string model =
        "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model";  // tegaki-zinnia-simplified-chinese
};

struct KioskConfig {
    std::string kioskId = "kiosk-0001";  // the CN of the client certificate
    int terminalNumber = 1;              // printed in every receipt number
    std::string dataDir = "var";         // kiosk.db, outbox.key, kiosk.log
    std::string logFile;                 // default dataDir/kiosk.log
    network::TlsClientConfig platform;   // host, port, caFile, certFile, keyFile, timeouts
    // certificateRenewal: renewWhenLeft (part of the lifetime, default 1/3), checkEveryMs, retryFirstMs,
    // retryMaxMs
    network::RenewalPolicy certificateRenewal;
    std::int64_t catalogRefreshMs = 10 * 60 * 1000;
    int outboxFailedRetentionDays =
        30;  // outbox.failedRetentionDays: then a failed entry's payload is purged
    SessionConfig session;
    DeviceConfig devices;
    PinyinConfig pinyin;
    HandwritingConfig handwriting;
};

// Reads the file; keys missing from it keep their defaults; relative paths are resolved against the file's
// folder. Errors: io (unreadable), invalidInput (not JSON, or a key of the wrong type, named in the message).
[[nodiscard]] Expected<KioskConfig> loadConfig(const std::string& path);

}  // namespace yimen::kiosk
