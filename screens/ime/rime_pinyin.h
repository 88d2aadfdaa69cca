// Pinyin input through librime: the kiosk's own schema (screens/ime/rime/) over Debian's Luna Pinyin data.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "screens/input_method.h"

namespace yimen::screens {

struct RimePinyinOptions {
    std::string sharedDataDir = "/usr/share/rime-data";  // Debian's rime-data-luna-pinyin and rime-essay
    // The engine's own folder: the kiosk's schema, the tables compiled for it and librime's error log. Holds
    // nothing a citizen typed.
    std::string userDataDir;
};

// librime is one engine per process: only one RimePinyin may be open at a time. Not thread-safe: the UI
// thread (librime deploys on a thread of its own, which the first use waits for).
class RimePinyin final : public InputMethod {
public:
    // Writes the schema into options.userDataDir and starts deploying it in the background.
    // Errors: notFound (the shared data has no Luna Pinyin dictionary), io (the folder cannot be written),
    // conflict (another RimePinyin is open in this process).
    [[nodiscard]] static Expected<std::unique_ptr<RimePinyin>> open(const RimePinyinOptions& options);
    ~RimePinyin() override;
    RimePinyin(const RimePinyin&) = delete;
    RimePinyin& operator=(const RimePinyin&) = delete;

    // Waits for the deployment and checks the schema works. Errors: unavailable (it did not deploy; the
    // reason is in librime's log in the engine's folder).
    [[nodiscard]] Status ready() override;

    [[nodiscard]] Status type(char letter) override;
    [[nodiscard]] Status backspace() override;
    [[nodiscard]] Expected<std::string> choose(std::size_t index) override;
    Composition composition(std::size_t first, std::size_t count) override;
    void clear() override;

    // The longest spelling accepted, in letters: enough for a four-character phrase spelt in full.
    static constexpr std::size_t kMaxSpelling = 32;

private:
    explicit RimePinyin(RimePinyinOptions options);
    std::string takeCommit();
    // The librime session of the spelling under way, made on first use after clear().
    [[nodiscard]] Expected<std::uintptr_t> session();
    [[nodiscard]] Expected<std::uintptr_t> usableSession();  // ready() first

    RimePinyinOptions options_;
    std::string logDir_;
    std::uintptr_t session_ = 0;
    bool checked_ = false;
    Status health_;
};

}  // namespace yimen::screens
