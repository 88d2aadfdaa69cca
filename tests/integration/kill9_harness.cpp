// The kill -9 harness: the scripted apply journey in a child yimen-kiosk against a real platform on
// loopback, killed with SIGKILL at random instants and at the named crash points, restarted, and finally
// drained. Then: every receipt shown is stored, every stored receipt is on the platform exactly once, and
// nothing else is.
//
//   kill9_harness --kiosk PATH --source DIR [--rounds N] [--budget SECONDS] [--seed S] [--work DIR]
//
// Stops starting rounds once the budget is spent, and says how many it ran. Exit 0 when nothing was lost,
// duplicated or invented; 1 otherwise; 2 on bad usage or a harness failure.
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/log.h"
#include "platform/application_store.h"
#include "platform/server.h"
#include "tests/platform/support/kiosk_enrolment.h"
#include "tests/support/temp_dir.h"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using namespace yimen;

namespace {

const char* const kNamedPoints[] = {"commit", "after-commit", "after-print", "after-post", "during-purge"};

struct Options {
    std::string kiosk;
    std::string source;
    std::string work;
    int rounds = 200;
    int budgetSeconds = 270;
    unsigned seed = 0;
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeConfig(const fs::path& file, const fs::path& kioskDir, const fs::path& pki,
                 const testing::EnrolledKiosk& own, unsigned short port, const fs::path& source) {
    std::ofstream out(file);
    out << R"({"kioskId": "kiosk-0001", "terminalNumber": 1,)"
        << R"("dataDir": ")" << kioskDir.string() << R"(",)"
        << R"("platform": {"host": "127.0.0.1", "port": )" << port << R"(, "caFile": ")"
        << (pki / "ca.crt").string() << R"(", "certFile": ")" << own.certFile << R"(", "keyFile": ")"
        << own.keyFile << R"(", "connectTimeoutMs": 2000, "requestTimeoutMs": 5000},)"
        << R"("session": {"submitWaitMs": 1000},)"
        << R"("devices": {"cardReader": "sim", "printer": "sim", "scanner": "sim", "simIdentities": ")"
        << (source / "drivers/sim/identities.json").string() << R"(", "simPrinterOut": ")"
        << (kioskDir / "receipts").string() << R"("},)"
        << R"("pinyin": {"enabled": false}, "handwriting": {"enabled": false}})";
}

struct Child {
    int exitCode = -1;  // -1 when killed by a signal
    int signal = 0;
    std::chrono::milliseconds ran{0};
};

// Runs the kiosk with `args`, stdout to `out`; kills it with SIGKILL after `killAfter` when given.
Child runKiosk(const Options& o, const std::vector<std::string>& args, const fs::path& out,
               const char* crashAt, std::optional<std::chrono::milliseconds> killAfter) {
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = ::fork();
    if (pid == 0) {
        if (crashAt)
            ::setenv("YIMEN_CRASH_AT", crashAt, 1);
        else
            ::unsetenv("YIMEN_CRASH_AT");
        std::FILE* f = std::freopen(out.c_str(), "w", stdout);
        std::freopen("/dev/null", "w", stderr);
        (void)f;
        std::vector<char*> argv;
        argv.push_back(const_cast<char*>(o.kiosk.c_str()));
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(o.kiosk.c_str(), argv.data());
        ::_exit(127);
    }
    Child c;
    int status = 0;
    if (killAfter) {
        const auto deadline = start + *killAfter;
        for (;;) {
            const pid_t done = ::waitpid(pid, &status, WNOHANG);
            if (done == pid)
                break;
            if (std::chrono::steady_clock::now() >= deadline) {
                ::kill(pid, SIGKILL);
                ::waitpid(pid, &status, 0);
                break;
            }
            std::this_thread::sleep_for(2ms);
        }
    } else {
        ::waitpid(pid, &status, 0);
    }
    c.ran = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    if (WIFEXITED(status))
        c.exitCode = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        c.signal = WTERMSIG(status);
    return c;
}

// Every "回执号 YM" + 14 digits in the kiosk's output. Scanned by hand: g++ 12 warns falsely inside
// <regex> at -O1, which fails the sanitizer builds.
std::set<std::string> shownIn(const fs::path& out) {
    static const std::string marker = "回执号 YM";
    std::set<std::string> shown;
    const std::string text = slurp(out);
    for (std::size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at + 1)) {
        const std::size_t digits = at + marker.size();
        if (text.size() < digits + 14)
            break;
        const std::string tail = text.substr(digits, 14);
        if (std::all_of(tail.begin(), tail.end(), [](char c) { return c >= '0' && c <= '9'; }))
            shown.insert("YM" + tail);
    }
    return shown;
}

std::vector<std::string> storedIn(const fs::path& db) {
    std::vector<std::string> stored;
    sqlite3* h = nullptr;
    if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(h);
        return stored;
    }
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(h, "SELECT receipt_no FROM receipts", -1, &st, nullptr) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW)
            stored.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return stored;
}

bool parse(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (i + 1 >= argc)
            return false;
        const std::string v = argv[++i];
        if (a == "--kiosk")
            o.kiosk = v;
        else if (a == "--source")
            o.source = v;
        else if (a == "--work")
            o.work = v;
        else if (a == "--rounds")
            o.rounds = std::stoi(v);
        else if (a == "--budget")
            o.budgetSeconds = std::stoi(v);
        else if (a == "--seed")
            o.seed = static_cast<unsigned>(std::stoul(v));
        else
            return false;
    }
    if (o.kiosk.empty() || o.source.empty() || o.rounds <= 0)
        return false;
    o.kiosk = fs::absolute(o.kiosk).string();
    o.source = fs::absolute(o.source).string();
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parse(argc, argv, o)) {
        std::cerr
            << "usage: kill9_harness --kiosk PATH --source DIR [--rounds N] [--budget SECONDS] [--seed S] "
               "[--work DIR]\n";
        return 2;
    }
    log::setStderrLevel(log::Level::error);
    std::optional<yimen::testing::TempDir> temp;
    fs::path work;
    if (o.work.empty()) {
        temp.emplace();
        work = temp->path();
    } else {
        work = o.work;
        fs::create_directories(work);
    }
    const fs::path platformState = work / "platform";
    platform::ServerConfig sc;
    sc.stateDir = platformState.string();
    auto server = platform::Server::start(sc);
    if (!server) {
        std::cerr << "kill9_harness: platform: " << server.error().message << "\n";
        return 2;
    }
    const fs::path kioskDir = work / "kiosk";
    fs::create_directories(kioskDir);
    const fs::path config = work / "kiosk.json";
    const testing::EnrolledKiosk own =
        testing::enrolKiosk(platformState.string(), (work / "kiosk-identity").string());
    writeConfig(config, kioskDir, platformState / "pki", own, (*server)->port(), o.source);

    std::mt19937 rng(o.seed ? o.seed : std::random_device{}());
    const auto started = std::chrono::steady_clock::now();
    std::set<std::string> shown;
    int rounds = 0, kills = 0, namedKills = 0, randomKills = 0, completed = 0, failedRuns = 0;
    std::chrono::milliseconds journey{0};
    const std::vector<std::string> journeyArgs = {"--config", config.string(), "--demo-journey"};
    for (int round = 0; round < o.rounds; ++round) {
        if (std::chrono::steady_clock::now() - started > std::chrono::seconds(o.budgetSeconds))
            break;
        const fs::path out = work / ("round-" + std::to_string(round) + ".txt");
        const char* crashAt = nullptr;
        std::optional<std::chrono::milliseconds> killAfter;
        // The first round runs whole (it measures the journey); then named points and random instants
        // alternate.
        if (round > 0 && round % 2 == 1)
            crashAt = kNamedPoints[(round / 2) % std::size(kNamedPoints)];
        else if (round > 0)
            killAfter = std::chrono::milliseconds(std::uniform_int_distribution<long>(
                0, std::max<long>(1, static_cast<long>(journey.count())))(rng));
        const Child c = runKiosk(o, journeyArgs, out, crashAt, killAfter);
        ++rounds;
        const auto seen = shownIn(out);
        shown.insert(seen.begin(), seen.end());
        if (c.signal == SIGKILL) {
            ++kills;
            (crashAt ? namedKills : randomKills)++;
        } else if (c.exitCode == 0) {
            ++completed;
            if (round == 0)
                journey = c.ran;
        } else {
            ++failedRuns;
            std::cerr << "kill9_harness: round " << round << " exited with " << c.exitCode << " (signal "
                      << c.signal << ")\n";
        }
        fs::remove(out);
    }
    const fs::path drainOut = work / "drain.txt";
    const Child drained =
        runKiosk(o, {"--config", config.string(), "--drain"}, drainOut, nullptr, std::nullopt);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    const std::vector<std::string> storedList = storedIn(kioskDir / "kiosk.db");
    const std::set<std::string> stored(storedList.begin(), storedList.end());
    auto store = platform::ApplicationStore::open(platform::databasePath(platformState.string()));
    if (!store) {
        std::cerr << "kill9_harness: platform store: " << store.error().message << "\n";
        return 2;
    }
    auto listed = (*store)->listApplications();
    if (!listed) {
        std::cerr << "kill9_harness: platform list: " << listed.error().message << "\n";
        return 2;
    }
    std::map<std::string, int> onPlatform;
    for (const auto& a : *listed) ++onPlatform[a.receiptNo];
    int duplicates = 0, invented = 0, lostShown = 0, lostStored = 0;
    for (const auto& [no, n] : onPlatform) {
        duplicates += n - 1;
        if (!stored.count(no))
            ++invented;
    }
    for (const auto& no : shown)
        if (!stored.count(no))
            ++lostShown;
    for (const auto& no : stored)
        if (!onPlatform.count(no))
            ++lostStored;
    const int lost = lostShown + lostStored;

    std::cout << "kill -9: rounds " << rounds << " (of " << o.rounds << " asked), kills " << kills << " ("
              << namedKills << " at named points, " << randomKills << " at random instants), completed "
              << completed << ", other exits " << failedRuns << "; receipts shown " << shown.size()
              << ", stored " << stored.size() << ", on the platform " << onPlatform.size() << ", duplicates "
              << duplicates << ", lost " << lost << " (" << lostShown << " shown but not stored, "
              << lostStored << " stored but not on the platform), not ours " << invented << "; drain "
              << (drained.exitCode == 0 ? "ok" : "FAILED") << "; " << static_cast<int>(seconds) << " s\n";
    const bool ok = lost == 0 && duplicates == 0 && invented == 0 && drained.exitCode == 0 && failedRuns == 0;
    if (!ok && o.work.empty())
        std::cout << "kill9_harness: failed; rerun with --work DIR to keep the files\n";
    return ok ? 0 : 1;
}
