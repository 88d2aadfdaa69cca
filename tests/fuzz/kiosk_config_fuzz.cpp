// libFuzzer target: the kiosk's configuration file (kiosk/config.cpp, loadConfig) on arbitrary bytes, as a
// technician could write it. Whatever loads must satisfy the checks loadConfig promises; whatever is refused
// must be an invalidInput error (the file itself is always readable here).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "kiosk/config.h"

namespace {

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

// loadConfig reads a path: the input goes to a file of this process's own, rewritten for every input.
const std::string& configPath() {
    static const std::string path = (std::filesystem::temp_directory_path() /
                                     ("yimen-config-fuzz-" + std::to_string(::getpid()) + ".json"))
                                        .string();
    return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    {
        std::ofstream out(configPath(), std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    auto config = yimen::kiosk::loadConfig(configPath());
    if (!config) {
        check(config.error().code == yimen::ErrorCode::invalidInput);
        return 0;
    }
    check(config->terminalNumber >= 1 && config->terminalNumber <= 9999);
    check(config->session.countdownMs >= 20'000);
    check(config->devices.printerWidthDots == 576 || config->devices.printerWidthDots == 384);
    check(!config->logFile.empty() && !config->pinyin.workDir.empty());
    return 0;
}
