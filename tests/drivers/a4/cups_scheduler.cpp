// CupsScheduler: writes cupsd.conf, cups-files.conf, printers.conf and the test backend, spawns cupsd -f and
// waits for its socket.
#include "tests/drivers/a4/cups_scheduler.h"

#include <arpa/inet.h>
#include <cups/cups.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace yimen::drivers::a4::test {
namespace fs = std::filesystem;
namespace {

constexpr const char* kCupsd = "/usr/sbin/cupsd";
constexpr const char* kServerBin = "/usr/lib/cups";

// The device: a backend that writes each job's bytes to out/job-N.out, or, while out/paper-out exists, says
// what a printer's backend says when the paper runs out and stops the queue (exit 4, CUPS_BACKEND_STOP).
constexpr const char* kBackend = R"(#!/bin/sh
if [ $# -eq 0 ]; then echo 'direct yimenfile "Unknown" "Yimen test A4 printer"'; exit 0; fi
dir=${DEVICE_URI#yimenfile:}
if [ -e "$dir/paper-out" ]; then
  echo "STATE: +media-empty-error" >&2
  echo "ERROR: Out of paper" >&2
  exit 4
fi
if [ $# -ge 6 ]; then cat "$6" > "$dir/job-$1.out.part"; else cat > "$dir/job-$1.out.part"; fi || exit 1
mv "$dir/job-$1.out.part" "$dir/job-$1.out"
)";

void writeText(const fs::path& file, const std::string& text, fs::perms mode = fs::perms(0644)) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
        throw std::runtime_error("cannot write " + file.string());
    }
    fs::permissions(file, mode);
}

// A loopback port nobody listens on now.
int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        if (fd >= 0) {
            ::close(fd);
        }
        throw std::runtime_error("no free loopback port");
    }
    ::close(fd);
    return ntohs(addr.sin_port);
}

bool socketAnswers(const std::string& path) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
    const bool ok = fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    if (fd >= 0) {
        ::close(fd);
    }
    return ok;
}

// The unprivileged account cupsd runs jobs as when the test runs as root (cupsd refuses "User root").
std::pair<std::string, std::string> jobAccount() {
    for (const char* user : {"lp", "daemon", "nobody"}) {
        if (const passwd* pw = ::getpwnam(user)) {
            const group* gr = ::getgrgid(pw->pw_gid);
            return {user, gr ? gr->gr_name : user};
        }
    }
    throw std::runtime_error("no unprivileged account for cupsd's jobs");
}

}  // namespace

std::optional<std::string> CupsScheduler::missing() {
    if (::access(kCupsd, X_OK) != 0) {
        return std::string("cupsd is not installed (Debian package cups-daemon)");
    }
    if (::access((std::string(kServerBin) + "/daemon/cups-exec").c_str(), X_OK) != 0) {
        return std::string("cups-exec is not installed (Debian package cups-daemon)");
    }
    return std::nullopt;
}

CupsScheduler::CupsScheduler() : port_(freePort()) {
    writeConfiguration();
    start();
}

CupsScheduler::~CupsScheduler() {
    stop();
}

void CupsScheduler::writeConfiguration() {
    const fs::path root = dir_.path();
    // Jobs run as an unprivileged account: it must reach the backend and the output folder.
    fs::permissions(root, fs::perms(0755));
    for (const char* sub : {"etc", "spool", "cache", "state", "log", "bin", "bin/backend", "out"}) {
        fs::create_directories(root / sub);
        fs::permissions(root / sub, fs::perms(0755));
    }
    fs::create_directories(root / "spool/tmp");
    fs::permissions(root / "spool/tmp", fs::perms(01777));
    fs::permissions(root / "out", fs::perms(0777));
    // Its own ServerBin: the system's cups-exec and filters, and the test's backend.
    fs::create_directory_symlink(fs::path(kServerBin) / "daemon", root / "bin/daemon");
    fs::create_directory_symlink(fs::path(kServerBin) / "filter", root / "bin/filter");
    writeText(root / "bin/backend/yimenfile", kBackend, fs::perms(0755));

    std::ostringstream files;
    files << "ServerRoot " << (root / "etc").string() << "\n"
          << "ServerBin " << (root / "bin").string() << "\n"
          << "RequestRoot " << (root / "spool").string() << "\n"
          << "TempDir " << (root / "spool/tmp").string() << "\n"
          << "CacheDir " << (root / "cache").string() << "\n"
          << "StateDir " << (root / "state").string() << "\n"
          << "AccessLog " << (root / "log/access_log").string() << "\n"
          << "ErrorLog " << (root / "log/error_log").string() << "\n"
          << "PageLog " << (root / "log/page_log").string() << "\n"
          << "Printcap " << (root / "state/printcap").string() << "\n"
          << "SystemGroup root\n";
    if (::geteuid() == 0) {
        const auto [user, group] = jobAccount();
        files << "User " << user << "\nGroup " << group << "\n";
    }
    writeText(root / "etc/cups-files.conf", files.str());

    std::ostringstream conf;
    conf << "LogLevel info\n"
         << "Listen 127.0.0.1:" << port_ << "\n"
         << "Listen " << socketPath() << "\n"
         << "Browsing No\nWebInterface No\nDefaultAuthType None\nPreserveJobHistory Yes\n"
         << "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
         << "<Policy default>\n  JobPrivateAccess default\n  JobPrivateValues default\n"
         << "  SubscriptionPrivateAccess default\n  SubscriptionPrivateValues default\n"
         << "  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n";
    writeText(root / "etc/cupsd.conf", conf.str());

    writeText(root / "etc/printers.conf",
              std::string("<Printer ") + kQueue +
                  ">\nInfo Yimen test A4 printer\nState Idle\nAccepting Yes\n"
                  "DeviceURI yimenfile:" +
                  (root / "out").string() + "\n</Printer>\n",
              fs::perms(0600));
}

void CupsScheduler::start() {
    const std::string conf = (dir_.path() / "etc/cupsd.conf").string();
    const std::string files = (dir_.path() / "etc/cups-files.conf").string();
    const std::string out = (dir_.path() / "log/cupsd.out").string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    const char* argv[] = {kCupsd, "-f", "-c", conf.c_str(), "-s", files.c_str(), nullptr};
    const int rc = ::posix_spawn(&pid_, kCupsd, &actions, nullptr, const_cast<char* const*>(argv), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        pid_ = -1;
        throw std::runtime_error(std::string("cannot start cupsd: ") + std::strerror(rc));
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!socketAnswers(socketPath())) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("cupsd exited at start:\n" + log());
        }
        if (std::chrono::steady_clock::now() > deadline) {
            stop();
            throw std::runtime_error("cupsd did not answer within 20 s:\n" + log());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

void CupsScheduler::stop() {
    if (pid_ <= 0) {
        return;
    }
    ::kill(pid_, SIGTERM);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    pid_ = -1;
}

void CupsScheduler::restart() {
    stop();
    start();
}

std::string CupsScheduler::tcpServer() const {
    return "127.0.0.1:" + std::to_string(port_);
}

std::string CupsScheduler::socketPath() const {
    return (dir_.path() / "state/cups.sock").string();
}

std::vector<fs::path> CupsScheduler::printed() const {
    std::vector<std::pair<int, fs::path>> jobs;
    for (const auto& entry : fs::directory_iterator(dir_.path() / "out")) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("job-", 0) == 0 && entry.path().extension() == ".out") {
            jobs.emplace_back(std::stoi(name.substr(4)), entry.path());
        }
    }
    std::sort(jobs.begin(), jobs.end());
    std::vector<fs::path> files;
    for (auto& job : jobs) {
        files.push_back(std::move(job.second));
    }
    return files;
}

void CupsScheduler::setPaperOut(bool out) {
    const fs::path marker = dir_.path() / "out/paper-out";
    if (out) {
        writeText(marker, "");
    } else {
        fs::remove(marker);
    }
}

void CupsScheduler::adminRequest(int operation) {
    http_t* http =
        httpConnect2(socketPath().c_str(), 0, nullptr, AF_UNSPEC, HTTP_ENCRYPTION_NEVER, 1, 5000, nullptr);
    if (http == nullptr) {
        throw std::runtime_error("cannot reach the test scheduler");
    }
    ipp_t* request = ippNewRequest(static_cast<ipp_op_t>(operation));
    char uri[HTTP_MAX_URI];
    httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", nullptr, "localhost", 0, "/printers/%s",
                     kQueue);
    ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri);
    ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr, cupsUser());
    ippDelete(cupsDoRequest(http, request, "/admin/"));
    const ipp_status_t status = cupsLastError();
    const std::string message = cupsLastErrorString();
    httpClose(http);
    if (status > IPP_STATUS_OK_CONFLICTING) {
        throw std::runtime_error("administrative request failed: " + message);
    }
}

void CupsScheduler::pause() {
    adminRequest(IPP_OP_PAUSE_PRINTER);
}

void CupsScheduler::resume() {
    adminRequest(IPP_OP_RESUME_PRINTER);
}

void CupsScheduler::reject() {
    adminRequest(IPP_OP_CUPS_REJECT_JOBS);
}

void CupsScheduler::accept() {
    adminRequest(IPP_OP_CUPS_ACCEPT_JOBS);
}

std::string CupsScheduler::log() const {
    std::string text;
    for (const char* name : {"log/cupsd.out", "log/error_log"}) {
        std::ifstream in(dir_.path() / name);
        text += std::string(name) + ":\n" +
                std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()) + "\n";
    }
    return text;
}

std::vector<std::uint8_t> samplePdf(const std::string& text, std::size_t minBytes) {
    std::string content = "BT /F1 24 Tf 72 720 Td (" + text + ") Tj ET\n";
    while (content.size() < minBytes) {
        content += "% padding padding padding padding padding padding padding padding padding\n";
    }
    std::string pdf = "%PDF-1.4\n";
    std::vector<std::size_t> offsets;
    auto object = [&](const std::string& body) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(offsets.size()) + " 0 obj\n" + body + "\nendobj\n";
    };
    object("<< /Type /Catalog /Pages 2 0 R >>");
    object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    object(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>");
    object("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream");
    object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    const std::size_t xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(offsets.size() + 1) + "\n0000000000 65535 f \n";
    for (std::size_t offset : offsets) {
        char line[24];
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
        pdf += line;
    }
    pdf += "trailer\n<< /Size " + std::to_string(offsets.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
           std::to_string(xref) + "\n%%EOF\n";
    return {pdf.begin(), pdf.end()};
}

std::vector<unsigned char> readFile(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace yimen::drivers::a4::test
