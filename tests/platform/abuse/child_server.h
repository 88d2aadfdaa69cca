// The real platform server in a forked child process with its own descriptor limit and its log in a file, so
// a test can measure the server's CPU time and log growth while it attacks it from the parent.
#pragma once

#include <sys/types.h>

#include <string>

#include "platform/server.h"

namespace yimen::testing {

class ChildServer {
public:
    // Forks; the child lowers RLIMIT_NOFILE to `descriptorLimit`, sends its log (stderr) to `logFile`, starts
    // Server::start(config) and serves until this object goes away. Throws std::runtime_error when the child
    // could not start (its log says why). Call from a thread-free moment of the test process.
    ChildServer(platform::ServerConfig config, long descriptorLimit, std::string logFile);
    // Stops the child (closes its control pipe, then SIGKILL after 5 s) and reaps it.
    ~ChildServer();
    ChildServer(const ChildServer&) = delete;
    ChildServer& operator=(const ChildServer&) = delete;

    unsigned short port() const { return port_; }
    pid_t pid() const { return pid_; }
    // User + system CPU time the child has used so far, in seconds (from /proc/PID/stat).
    double cpuSeconds() const;
    // The current size of the child's log file.
    long long logBytes() const;

private:
    pid_t pid_ = -1;
    int control_ = -1;  // write end of the pipe the child waits on
    unsigned short port_ = 0;
    std::string logFile_;
};

}  // namespace yimen::testing
