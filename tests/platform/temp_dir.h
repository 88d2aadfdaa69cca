// A fresh temporary directory per test, removed with everything in it at the end.
#pragma once

#include <string>

namespace yimen::testing {

class TempDir {
public:
    // Creates $TMPDIR/yimen-XXXXXX (or /tmp/...). Throws std::runtime_error when that is impossible.
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const { return path_; }
    // path() + "/" + name
    std::string operator/(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

}  // namespace yimen::testing
