// The forked server: two pipes, one to learn the bound port, one whose end-of-file tells the child to stop.
#include "tests/platform/abuse/child_server.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace yimen::testing {
namespace {

[[noreturn]] void runChild(platform::ServerConfig config, long descriptorLimit, const std::string& logFile,
                           int portOut, int controlIn) {
    const int log = ::open(logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (log >= 0)
        ::dup2(log, STDERR_FILENO);
    rlimit limit{static_cast<rlim_t>(descriptorLimit), static_cast<rlim_t>(descriptorLimit)};
    ::setrlimit(RLIMIT_NOFILE, &limit);
    auto server = platform::Server::start(std::move(config));
    unsigned short port = 0;
    if (server)
        port = (*server)->port();
    else
        ::dprintf(STDERR_FILENO, "child server: %s\n", server.error().message.c_str());
    (void)!::write(portOut, &port, sizeof port);
    ::close(portOut);
    char byte;
    while (server && ::read(controlIn, &byte, 1) != 0) {
    }
    if (server)
        (*server)->stop();
    ::_exit(0);
}

}  // namespace

ChildServer::ChildServer(platform::ServerConfig config, long descriptorLimit, std::string logFile)
    : logFile_(std::move(logFile)) {
    int portPipe[2], controlPipe[2];
    if (::pipe2(portPipe, O_CLOEXEC) != 0 || ::pipe2(controlPipe, O_CLOEXEC) != 0)
        throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ < 0)
        throw std::runtime_error("fork");
    if (pid_ == 0) {
        ::close(portPipe[0]);
        ::close(controlPipe[1]);
        runChild(std::move(config), descriptorLimit, logFile_, portPipe[1], controlPipe[0]);
    }
    ::close(portPipe[1]);
    ::close(controlPipe[0]);
    control_ = controlPipe[1];
    const ssize_t n = ::read(portPipe[0], &port_, sizeof port_);
    ::close(portPipe[0]);
    if (n != sizeof port_ || port_ == 0) {
        std::ifstream in(logFile_);
        std::stringstream log;
        log << in.rdbuf();
        throw std::runtime_error("the child server did not start: " + log.str());
    }
}

ChildServer::~ChildServer() {
    if (control_ >= 0)
        ::close(control_);
    if (pid_ <= 0)
        return;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &status, 0);
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

double ChildServer::cpuSeconds() const {
    std::ifstream in("/proc/" + std::to_string(pid_) + "/stat");
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::size_t close = all.rfind(')');
    if (close == std::string::npos)
        return -1;
    std::istringstream fields(all.substr(close + 2));
    std::string field;
    // After the command come state (field 3) ... utime (14) and stime (15).
    unsigned long long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i == 14)
            utime = std::stoull(field);
        if (i == 15)
            stime = std::stoull(field);
    }
    return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

long long ChildServer::logBytes() const {
    struct stat st {};
    return ::stat(logFile_.c_str(), &st) == 0 ? static_cast<long long>(st.st_size) : 0;
}

}  // namespace yimen::testing
