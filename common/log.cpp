// The log sink: timestamped lines to stderr and an optional file, ID numbers always masked.
#include "common/log.h"

#include <cstdio>
#include <ctime>
#include <mutex>

#include "common/id_number.h"

namespace yimen::log {
namespace {

struct Sink {
    std::mutex mutex;
    std::FILE* file = nullptr;
    Level minimum = Level::info;
    Level stderrMinimum = Level::debug;
};

Sink& sink() {
    static Sink s;
    return s;
}

const char* name(Level l) {
    switch (l) {
    case Level::debug: return "debug";
    case Level::info: return "info";
    case Level::warn: return "warn";
    case Level::error: return "error";
    }
    return "?";
}

}  // namespace

void setFile(const std::string& path) {
    Sink& s = sink();
    std::lock_guard lock(s.mutex);
    if (s.file)
        std::fclose(s.file);
    s.file = path.empty() ? nullptr : std::fopen(path.c_str(), "a");
}

void setMinimumLevel(Level level) {
    Sink& s = sink();
    std::lock_guard lock(s.mutex);
    s.minimum = level;
}

void setStderrLevel(Level level) {
    Sink& s = sink();
    std::lock_guard lock(s.mutex);
    s.stderrMinimum = level;
}

void write(Level level, std::string_view component, std::string_view message) {
    Sink& s = sink();
    const std::string clean = scrubIdNumbers(message);
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
    std::lock_guard lock(s.mutex);
    if (level < s.minimum)
        return;
    const int componentWidth = static_cast<int>(component.size());
    if (level >= s.stderrMinimum)
        std::fprintf(stderr, "%s %-5s [%.*s] %s\n", stamp, name(level), componentWidth, component.data(),
                     clean.c_str());
    if (s.file) {
        std::fprintf(s.file, "%s %-5s [%.*s] %s\n", stamp, name(level), componentWidth, component.data(),
                     clean.c_str());
        std::fflush(s.file);
    }
}

}  // namespace yimen::log
