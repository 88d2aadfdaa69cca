// bench_kiosk_ui: the windowed kiosk's figures. Starts the reference platform on loopback, then the kiosk
// with simulated devices in a window on SDL's offscreen driver (no display needed), and prints:
//   - idle CPU of the kiosk process on Home over the idle period (from /proc/PID/stat; target < 0.2 %),
//   - the kiosk's own report: start to first frame, frames drawn on Home while idle, peak RSS,
//   - peak RSS from /proc/PID/status (VmHWM),
//   - frame times p50/p99 per screen, from the apply scenario played with the same build (--report).
// Prints figures only; it asserts no times.
//   bench_kiosk_ui [--idle SECONDS] [--port PORT] [--kiosk PATH] [--platform PATH]
// (--kiosk and --platform: other builds of the two programs, e.g. copies of an earlier build to compare)
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/platform/support/kiosk_enrolment.h"
#include "tests/support/temp_dir.h"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* kXvfb = "/usr/bin/Xvfb";

struct Options {
    int idleSeconds = 60;
    int port = 0;
    std::string kiosk = YIMEN_KIOSK_BIN;
    std::string platform = YIMEN_PLATFORM_BIN;
};

std::optional<Options> parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (i + 1 >= argc)
            return std::nullopt;
        const std::string value = argv[++i];
        try {
            if (arg == "--idle")
                o.idleSeconds = std::stoi(value);
            else if (arg == "--port")
                o.port = std::stoi(value);
            else if (arg == "--kiosk")
                o.kiosk = value;
            else if (arg == "--platform")
                o.platform = value;
            else
                return std::nullopt;
        } catch (const std::exception&) {
            return std::nullopt;
        }
    }
    if (o.idleSeconds < 1)
        return std::nullopt;
    if (o.port == 0)
        o.port = 19000 + static_cast<int>(::getpid() % 1000);
    return o;
}

// Starts `argv` with stdout and stderr into `logFile` and the extra environment `env` ("NAME=value").
pid_t spawn(const std::vector<std::string>& argv, const fs::path& logFile,
            const std::vector<std::string>& env) {
    const pid_t pid = ::fork();
    if (pid != 0)
        return pid;
    const int fd = ::open(logFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0) {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        ::close(fd);
    }
    for (const std::string& e : env) ::putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
}

std::string slurp(const fs::path& file) {
    std::ifstream in(file);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

bool waitForText(const fs::path& file, const std::string& text, pid_t pid, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (slurp(file).find(text) != std::string::npos)
            return true;
        if (::waitpid(pid, nullptr, WNOHANG) == pid)
            return false;
        std::this_thread::sleep_for(100ms);
    }
    return false;
}

// utime + stime of the process (or of its thread `tid`), in clock ticks.
std::optional<long long> cpuTicks(pid_t pid, pid_t tid = 0) {
    const std::string stat = slurp("/proc/" + std::to_string(pid) +
                                   (tid ? "/task/" + std::to_string(tid) : std::string()) + "/stat");
    const auto close = stat.rfind(')');
    if (close == std::string::npos)
        return std::nullopt;
    std::istringstream fields(stat.substr(close + 2));
    std::string field;
    long long utime = 0;
    long long stime = 0;
    // Fields 3.. (state is 3); utime is 14, stime 15.
    for (int n = 3; n <= 15 && fields >> field; ++n) {
        if (n == 14)
            utime = std::stoll(field);
        if (n == 15)
            stime = std::stoll(field);
    }
    return utime + stime;
}

// utime + stime of each thread of the process, by "name (tid)", in clock ticks.
std::map<std::string, long long> threadTicks(pid_t pid) {
    std::map<std::string, long long> ticks;
    std::error_code ec;
    const fs::path tasks = "/proc/" + std::to_string(pid) + "/task";
    for (const auto& task : fs::directory_iterator(tasks, ec)) {
        const auto tid = static_cast<pid_t>(std::stol(task.path().filename().string()));
        std::string name = slurp(task.path() / "comm");
        if (!name.empty() && name.back() == '\n')
            name.pop_back();
        if (const auto t = cpuTicks(pid, tid))
            ticks[name + " (" + std::to_string(tid) + ")"] = *t;
    }
    return ticks;
}

std::string statusField(pid_t pid, const std::string& name) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(name + ":", 0) == 0)
            return line.substr(name.size() + 1);
    return "?";
}

int stopAndWait(pid_t pid) {
    ::kill(pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 300; ++i) {
        if (::waitpid(pid, &status, WNOHANG) == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        std::this_thread::sleep_for(50ms);
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    return -1;
}

void writeKioskConfig(const fs::path& file, const fs::path& platformState,
                      const yimen::testing::EnrolledKiosk& own, const fs::path& out, int port) {
    std::ofstream c(file);
    c << "{\n"
      << "  \"kioskId\": \"kiosk-0001\", \"terminalNumber\": 1, \"dataDir\": \".\",\n"
      << "  \"platform\": {\"host\": \"127.0.0.1\", \"port\": " << port << ",\n"
      << "    \"caFile\": \"" << (platformState / "pki/ca.crt").string() << "\",\n"
      << "    \"certFile\": \"" << own.certFile << "\",\n"
      << "    \"keyFile\": \"" << own.keyFile << "\"},\n"
      << "  \"devices\": {\"cardReader\": \"sim\", \"printer\": \"sim\", \"scanner\": \"sim\",\n"
      << "    \"simIdentities\": \"" << YIMEN_SOURCE_DIR << "/drivers/sim/identities.json\",\n"
      << "    \"simPrinterOut\": \"" << (out / "receipts").string() << "\"}\n"
      << "}\n";
}

}  // namespace

int main(int argc, char** argv) {
    const std::optional<Options> options = parse(argc, argv);
    if (!options) {
        std::cerr
            << "usage: bench_kiosk_ui [--idle SECONDS] [--port PORT] [--kiosk PATH] [--platform PATH]\n";
        return 2;
    }
    yimen::testing::TempDir temp;
    const fs::path dir = temp.path();
    const fs::path platformState = dir / "platform";
    const fs::path kioskState = dir / "kiosk";
    fs::create_directories(platformState);
    fs::create_directories(kioskState);
    const std::string listen = "127.0.0.1:" + std::to_string(options->port);
    const pid_t platform = spawn({options->platform, "--state", platformState.string(), "--listen", listen},
                                 dir / "platform.log", {});
    if (!waitForText(dir / "platform.log", "listening on", platform, 20s)) {
        std::cerr << slurp(dir / "platform.log") << "bench_kiosk_ui: the platform did not start\n";
        stopAndWait(platform);
        return 1;
    }
    const fs::path config = kioskState / "kiosk.json";
    const yimen::testing::EnrolledKiosk own =
        yimen::testing::enrolKiosk(platformState.string(), (kioskState / "pki").string());
    writeKioskConfig(config, platformState, own, dir, options->port);

    // The display: a virtual X server when there is one.
    pid_t xvfb = -1;
    std::vector<std::string> windowEnv = {"SDL_VIDEODRIVER=offscreen", "YIMEN_OFFSCREEN_WINDOW=1"};
    std::string display = "SDL offscreen driver";
    if (fs::exists(kXvfb)) {
        const std::string number = ":" + std::to_string(90 + ::getpid() % 100);
        xvfb =
            spawn({kXvfb, number, "-screen", "0", "1280x1024x24", "-nolisten", "tcp"}, dir / "xvfb.log", {});
        std::this_thread::sleep_for(2s);
        windowEnv = {"DISPLAY=" + number, "SDL_VIDEODRIVER=x11"};
        display = "Xvfb " + number + ", SDL x11 driver";
    }

    // The windowed kiosk, idle on Home.
    const fs::path windowOut = dir / "window";
    const pid_t kiosk =
        spawn({options->kiosk, "--config", config.string(), "--out", windowOut.string(), "--report"},
              dir / "kiosk.log", windowEnv);
    if (!waitForText(dir / "kiosk.log", "window open", kiosk, 30s)) {
        std::cerr << slurp(dir / "kiosk.log") << "bench_kiosk_ui: the kiosk window did not open\n";
        if (xvfb > 0)
            stopAndWait(xvfb);
        stopAndWait(platform);
        return 1;
    }
    std::this_thread::sleep_for(3s);  // the catalog arrives, start-up work settles
    const auto before = cpuTicks(kiosk);
    const auto threadsBefore = threadTicks(kiosk);
    const auto start = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(std::chrono::seconds(options->idleSeconds));
    const auto after = cpuTicks(kiosk);
    const auto threadsAfter = threadTicks(kiosk);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::string hwm = statusField(kiosk, "VmHWM");
    const int kioskRc = stopAndWait(kiosk);
    if (xvfb > 0)
        stopAndWait(xvfb);

    std::printf("== windowed kiosk (%s), idle on Home ==\n", display.c_str());
    if (before && after) {
        const double cpuSeconds =
            static_cast<double>(*after - *before) / static_cast<double>(::sysconf(_SC_CLK_TCK));
        std::printf("idle CPU over %.0f s: %.3f %% of one core (%.2f s of CPU)\n", seconds,
                    100.0 * cpuSeconds / seconds, cpuSeconds);
        // Where it went: each thread that used any CPU while idle (a tick is 1/_SC_CLK_TCK s).
        for (const auto& [thread, ticks] : threadsAfter) {
            const auto was = threadsBefore.find(thread);
            const long long used = ticks - (was == threadsBefore.end() ? 0 : was->second);
            if (used > 0)
                std::printf("  thread %-28s %lld ticks\n", thread.c_str(), used);
        }
    }
    std::printf("peak RSS (VmHWM): %s\n", hwm.c_str());
    std::printf("kiosk exit code: %d; its report:\n", kioskRc);
    const std::string log = slurp(dir / "kiosk.log");
    std::istringstream lines(log);
    std::string line;
    while (std::getline(lines, line))
        if (line.rfind("windowed", 0) == 0 || line.rfind("start to", 0) == 0 ||
            line.rfind("frame ", 0) == 0 || line.rfind("peak RSS", 0) == 0)
            std::printf("  %s\n", line.c_str());

    // Frame times per screen: the apply journey, headless, with the same build.
    const fs::path scenarioOut = dir / "scenario";
    const pid_t player = spawn(
        {options->kiosk, "--config", config.string(), "--scenario",
         std::string(YIMEN_SOURCE_DIR) + "/scenarios/apply.json", "--out", scenarioOut.string(), "--report"},
        dir / "scenario.log", {});
    int status = 0;
    ::waitpid(player, &status, 0);
    std::printf("== apply scenario (headless), exit code %d ==\n",
                WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    std::istringstream scenarioLines(slurp(dir / "scenario.log"));
    while (std::getline(scenarioLines, line))
        if (line.rfind("start to", 0) == 0 || line.rfind("frame ", 0) == 0 ||
            line.rfind("peak RSS", 0) == 0 || line.rfind("scenario ", 0) == 0)
            std::printf("  %s\n", line.c_str());
    stopAndWait(platform);
    return 0;
}
