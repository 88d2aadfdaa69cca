// A fresh temporary directory per test, removed with everything in it when the object goes away.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace yimen::testing {

class TempDir {
public:
    // Creates <system temp dir>/yimen-XXXXXX ($TMPDIR when set). Throws std::runtime_error when that is
    // impossible, so a test never writes into a directory it does not own.
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    // path() / name, as a string for the APIs that take one.
    std::string file(std::string_view name) const { return (path_ / name).string(); }
    std::string operator/(std::string_view name) const { return file(name); }

private:
    std::filesystem::path path_;
};

}  // namespace yimen::testing
