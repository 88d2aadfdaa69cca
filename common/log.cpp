// The log sink: timestamped lines to stderr and an optional file, ID numbers always masked.
#include "common/log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>
#include <string>

#include "common/id_number.h"

namespace yimen::log {
namespace {

// Closes the log file when the sink lets go of it.
struct FileCloser {
    // The one place the FILE from fdopen is released.
    void operator()(std::FILE* file) const { std::fclose(file); }  // NOLINT(cppcoreguidelines-owning-memory)
};

struct Sink {
    std::mutex mutex;
    std::unique_ptr<std::FILE, FileCloser> file;
    std::string path;
    Rotation rotation;
    std::size_t fileBytes = 0;
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

// Opens the sink's path for appending, mode 0600. Caller holds the mutex.
void openFile(Sink& s) {
    s.file.reset();
    s.fileBytes = 0;
    const int fd = ::open(s.path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    struct stat st {};
    if (::fstat(fd, &st) == 0) {
        s.fileBytes = static_cast<std::size_t>(st.st_size);
        if ((st.st_mode & 0077) != 0)
            ::fchmod(fd, 0600);
    }
    s.file.reset(::fdopen(fd, "a"));
    if (!s.file)
        ::close(fd);
}

// path.(n-1) is dropped, path.k becomes path.(k+1), path becomes path.1, and a fresh path is opened. Caller
// holds the mutex.
void rotate(Sink& s) {
    s.file.reset();
    const int files = s.rotation.files < 1 ? 1 : s.rotation.files;
    if (files == 1) {
        std::remove(s.path.c_str());
    } else {
        std::remove((s.path + "." + std::to_string(files - 1)).c_str());
        for (int i = files - 2; i >= 1; --i)
            std::rename((s.path + "." + std::to_string(i)).c_str(),
                        (s.path + "." + std::to_string(i + 1)).c_str());
        std::rename(s.path.c_str(), (s.path + ".1").c_str());
    }
    openFile(s);
}

}  // namespace

void setFile(const std::string& path, Rotation rotation) {
    Sink& s = sink();
    std::lock_guard lock(s.mutex);
    s.file.reset();
    s.path = path;
    s.rotation = rotation;
    if (!path.empty())
        openFile(s);
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
        char head[64];
        const int headLength = std::snprintf(head, sizeof head, "%s %-5s [", stamp, name(level));
        const std::size_t lineBytes = static_cast<std::size_t>(headLength > 0 ? headLength : 0) +
                                      component.size() + 2 + clean.size() + 1;
        if (s.fileBytes > 0 && s.fileBytes + lineBytes > s.rotation.maxBytes)
            rotate(s);
        if (s.file) {
            std::fprintf(s.file.get(), "%s%.*s] %s\n", head, componentWidth, component.data(), clean.c_str());
            std::fflush(s.file.get());
            s.fileBytes += lineBytes;
        }
    }
}

}  // namespace yimen::log
