// Turns the QR codes seen in successive frames into scans: a code held in front of the camera is one scan.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace yimen::drivers::camera {

// A code is reported when it comes into sight, and again only after it has been out of sight for
// `forgetAfterFrames` decoded frames in a row (a frame where decoding missed it, from blur or glare, does not
// make a second scan). Not thread-safe: the decoding thread's.
class QrDeduplicator {
public:
    explicit QrDeduplicator(int forgetAfterFrames = 8);

    // The codes decoded from one frame; returns those that are new scans, in the order given (a code twice
    // in one frame counts once).
    std::vector<std::string> observe(const std::vector<std::string>& codes);
    // Forgets every code (the camera went away).
    void reset();

private:
    int forgetAfterFrames_;
    std::map<std::string, int> missedFrames_;  // codes in sight or recently seen → frames since last seen
};

}  // namespace yimen::drivers::camera
