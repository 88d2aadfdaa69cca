// Benchmark: the pinyin engine as the keyboard drives it. Prints the time to open and deploy the kiosk's
// schema into a new folder and into one already deployed, and the time from a key to the candidates on screen
// (one letter typed, then the spelling and 24 candidates fetched, as the Ui does after every key) and for a
// choice.
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdio>

#include <filesystem>
#include <string>
#include <vector>

#include "screens/ime/rime_pinyin.h"

using yimen::screens::RimePinyin;
using yimen::screens::RimePinyinOptions;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

// Opens the engine in `dir` and waits until it is usable; returns the milliseconds taken, or -1.
double openAndDeploy(const fs::path& dir, std::unique_ptr<RimePinyin>& out) {
    const auto start = Clock::now();
    RimePinyinOptions options;
    options.userDataDir = dir.string();
    auto ime = RimePinyin::open(options);
    if (!ime || !ime.value()->ready()) {
        std::fprintf(stderr, "the pinyin engine did not start: %s\n",
                     ime ? "schema not deployed" : ime.error().message.c_str());
        return -1;
    }
    out = std::move(ime.value());
    return msSince(start);
}

}  // namespace

int main() {
    const fs::path dir = fs::temp_directory_path() / ("yimen-bench-pinyin-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    std::unique_ptr<RimePinyin> ime;
    const double cold = openAndDeploy(dir, ime);
    if (cold < 0)
        return 1;
    ime.reset();
    const double warm = openAndDeploy(dir, ime);
    if (warm < 0)
        return 1;
    std::printf("open + deploy: %.0f ms into a new folder, %.0f ms already deployed\n", cold, warm);

    const std::vector<std::string> phrases = {"zhonghuarenmingongheguo", "weixiuying",
                                              "guangxizhuangzuzizhiqu",  "zhengwufuwu",
                                              "nanningshiwumingqu",      "hxy"};
    std::vector<double> keys;
    std::vector<double> choices;
    constexpr int kRounds = 30;
    for (int round = 0; round < kRounds; ++round) {
        for (const std::string& phrase : phrases) {
            for (char c : phrase) {
                const auto start = Clock::now();
                if (!ime->type(c))
                    return 1;
                const auto c24 = ime->composition(0, 24);
                keys.push_back(msSince(start));
                if (c24.candidates.empty())
                    return 1;
            }
            const auto start = Clock::now();
            if (!ime->choose(0))
                return 1;
            (void)ime->composition(0, 24);
            choices.push_back(msSince(start));
            ime->clear();
        }
    }
    std::printf(
        "key to candidates (type + 24 candidates): median %.2f ms, p99 %.2f ms, max %.2f ms over %zu keys\n",
        percentile(keys, 0.5), percentile(keys, 0.99), percentile(keys, 1.0), keys.size());
    std::printf("choose the first candidate: median %.2f ms, p99 %.2f ms over %zu choices\n",
                percentile(choices, 0.5), percentile(choices, 0.99), choices.size());
    ime.reset();
    fs::remove_all(dir);
    return 0;
}
