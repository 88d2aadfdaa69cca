// A small leveled logger. Every line passes through scrubIdNumbers before it is written.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace yimen::log {

enum class Level { debug, info, warn, error };

// Size-based rotation: when the file would grow past maxBytes it becomes path.1 (path.1 becomes path.2, and
// so on) and a new file is started; `files` files are kept in all, the oldest dropped.
struct Rotation {
    std::size_t maxBytes = 5u << 20;
    int files = 3;
};

// Sends log lines to stderr and, when set, appends them to `path`, created with mode 0600 (an existing
// file is narrowed to 0600: lines may name a receipt or a device). Call once at start-up; "" stops
// writing to a file.
void setFile(const std::string& path, Rotation rotation = {});
void setMinimumLevel(Level level);
// Lines below `level` go only to the file, not to stderr (default: everything is echoed).
void setStderrLevel(Level level);

// Thread-safe. `component` is a short name such as "outbox" or "session".
void write(Level level, std::string_view component, std::string_view message);

inline void debug(std::string_view c, std::string_view m) {
    write(Level::debug, c, m);
}
inline void info(std::string_view c, std::string_view m) {
    write(Level::info, c, m);
}
inline void warn(std::string_view c, std::string_view m) {
    write(Level::warn, c, m);
}
inline void error(std::string_view c, std::string_view m) {
    write(Level::error, c, m);
}

}  // namespace yimen::log
