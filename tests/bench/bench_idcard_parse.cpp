// Benchmark: time to decode, check and parse a 1295-byte SAM read reply into an Identity (frame checksum,
// reply lengths, text block, code tables, GB 11643), on the reference vector. Prints the median and
// percentiles.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "drivers/protocol/sam_frame.h"
#include "drivers/protocol/sam_read_reply.h"
#include "drivers/protocol/sam_status.h"

using namespace yimen::drivers::protocol;

namespace {

std::vector<std::uint8_t> loadReadReply() {
    std::ifstream in(std::string(YIMEN_IDCARD_FIXTURES) + "/vectors.hex");
    std::string line;
    const std::string name = "read_base_info_response:";
    while (std::getline(in, line)) {
        if (line.rfind(name, 0) != 0) {
            continue;
        }
        std::vector<std::uint8_t> bytes;
        std::string hex;
        for (const char c : line.substr(name.size())) {
            if (std::isxdigit(static_cast<unsigned char>(c))) {
                hex += c;
                if (hex.size() == 2) {
                    bytes.push_back(static_cast<std::uint8_t>(std::stoul(hex, nullptr, 16)));
                    hex.clear();
                }
            }
        }
        return bytes;
    }
    return {};
}

// The whole path of one reply: frame decoder (as bytes arrive in one read), status, record, identity.
bool parseOnce(const std::vector<std::uint8_t>& reply) {
    SamFrameDecoder decoder;
    decoder.feed(reply);
    auto frame = decoder.next();
    if (!frame || !*frame) {
        return false;
    }
    auto parsed = parseSamReply(**frame);
    if (!parsed || !parsed->is(SamStatus::success)) {
        return false;
    }
    auto record = parseReadCardData(parsed->data, false, "20250101");
    if (!record) {
        return false;
    }
    auto identity = toIdentity(std::move(*record));
    const bool ok = identity.idNumber.size() == 18;
    identity.wipe();
    return ok;
}

}  // namespace

int main() {
    const auto reply = loadReadReply();
    if (reply.size() != 1295) {
        std::fprintf(stderr, "reference read reply not found or not 1295 bytes (%zu)\n", reply.size());
        return 1;
    }
    constexpr int kWarmup = 2000;
    constexpr int kRuns = 20000;
    for (int i = 0; i < kWarmup; ++i) {
        if (!parseOnce(reply)) {
            std::fprintf(stderr, "the reference reply failed to parse\n");
            return 1;
        }
    }
    std::vector<double> micros;
    micros.reserve(kRuns);
    for (int i = 0; i < kRuns; ++i) {
        const auto start = std::chrono::steady_clock::now();
        const bool ok = parseOnce(reply);
        const auto end = std::chrono::steady_clock::now();
        if (!ok) {
            return 1;
        }
        micros.push_back(std::chrono::duration<double, std::micro>(end - start).count());
    }
    std::sort(micros.begin(), micros.end());
    auto at = [&](double q) { return micros[static_cast<std::size_t>(q * (micros.size() - 1))]; };
    std::printf(
        "parse+validate of a 1295-byte SAM read reply (%d runs): median %.2f us, p90 %.2f us, p99 %.2f us, "
        "min %.2f us\n",
        kRuns, at(0.5), at(0.9), at(0.99), micros.front());
    return 0;
}
