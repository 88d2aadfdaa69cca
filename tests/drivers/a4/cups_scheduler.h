// A real CUPS scheduler for one test: cupsd in the foreground with its own ServerRoot, spool, cache, state
// and log folders in a temporary folder, listening on a loopback port and a domain socket, with one raw queue
// "A4" whose device is a small backend that keeps each job's bytes as out/job-N.out.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/temp_dir.h"

namespace yimen::drivers::a4::test {

class CupsScheduler {
public:
    static constexpr const char* kQueue = "A4";

    // Why no scheduler can be started on this machine (cupsd is not installed), or nullopt.
    static std::optional<std::string> missing();

    // Starts cupsd and waits (at most 20 s) until it answers. Throws std::runtime_error with the scheduler's
    // log when it does not start.
    CupsScheduler();
    // Stops cupsd (SIGTERM, then SIGKILL after 10 s).
    ~CupsScheduler();
    CupsScheduler(const CupsScheduler&) = delete;
    CupsScheduler& operator=(const CupsScheduler&) = delete;

    // Stops the scheduler and starts it again on the same folders: the job history survives, as after a
    // power cut that CUPS survives.
    void restart();

    std::string tcpServer() const;  // "127.0.0.1:PORT"
    std::string socketPath() const;

    // The files the printer device received, oldest job first.
    std::vector<std::filesystem::path> printed() const;
    // The device reports no paper (media-empty) and stops the queue at its next job, as a printer's backend
    // does.
    void setPaperOut(bool out);

    // Administrative requests to the queue, as a technician's cupsdisable/cupsenable/cupsreject/cupsaccept.
    void pause();
    void resume();
    void reject();
    void accept();

    std::string log() const;

private:
    void writeConfiguration();
    void start();
    void stop();
    void adminRequest(int operation);

    yimen::testing::TempDir dir_;
    int port_ = 0;
    pid_t pid_ = -1;
};

// A one-page PDF showing `text`, its content stream padded to at least `minBytes` (the default goes past the
// driver's write chunk, so the document goes out in several pieces).
std::vector<std::uint8_t> samplePdf(const std::string& text, std::size_t minBytes = 200 * 1024);

// Reads a whole file.
std::vector<unsigned char> readFile(const std::filesystem::path& file);

}  // namespace yimen::drivers::a4::test
