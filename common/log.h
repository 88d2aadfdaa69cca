// A small leveled logger. Every line passes through scrubIdNumbers before it is written.
#pragma once

#include <string>
#include <string_view>

namespace yimen::log {

enum class Level { debug, info, warn, error };

// Sends log lines to stderr and, when set, appends them to `path`. Call once at start-up.
void setFile(const std::string& path);
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
