// bench_result_document: the size of a result document (办结通知书) and the time to make it, median of N
// runs, for a typical one-page document and for one whose 5,000-character reason is cut and runs onto more
// pages.
//   bench_result_document [--runs N] [--write FILE]
// --write saves the typical document too (docs/screenshots/result-document.png is its page, rendered with
// `pdftoppm -png -r 60 -singlefile FILE docs/screenshots/result-document`).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "platform/result_document.h"

namespace {

using namespace yimen::platform;
using Clock = std::chrono::steady_clock;

ResultDocumentData typical() {
    ResultDocumentData d;
    d.receiptNo = "Y20261206000042";
    d.queryCode = "8842";
    d.itemName = "城乡居民基本养老保险参保登记";
    d.department = "县人社局";
    d.applicantName = "张三丰";
    d.applicantId = "450102199001011231";
    d.decision = "准予办结";
    d.reason = "材料齐全，符合参保条件，已办理参保登记。";
    d.completedAt = std::chrono::system_clock::now();
    d.issuingDepartment = "某某县人力资源和社会保障局";
    return d;
}

ResultDocumentData longReason() {
    ResultDocumentData d = typical();
    d.reason.clear();
    while (d.reason.size() < std::size_t{5'000} * 3) d.reason += "经审查申请材料齐全符合法定形式";
    return d;
}

// Prints the size and the median, fastest and slowest generation time over `runs`; false when a run fails.
bool measure(const char* what, const ResultDocumentData& data, const ResultFont& font, int runs) {
    std::vector<double> ms;
    std::size_t bytes = 0;
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        auto pdf = renderResultDocument(data, font);
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        if (!pdf) {
            std::fprintf(stderr, "%s: %s\n", what, pdf.error().describe().c_str());
            return false;
        }
        bytes = pdf->size();
    }
    std::sort(ms.begin(), ms.end());
    std::printf("%s: %zu bytes, generation median %.1f ms (min %.1f, max %.1f) over %d runs\n", what, bytes,
                ms[ms.size() / 2], ms.front(), ms.back(), runs);
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 21;
    std::string write;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string arg = argv[i];
        if (arg == "--runs") {
            runs = std::max(1, std::atoi(argv[i + 1]));
        } else if (arg == "--write") {
            write = argv[i + 1];
        } else {
            std::fprintf(stderr, "usage: bench_result_document [--runs N] [--write FILE]\n");
            return 2;
        }
    }
    const auto start = Clock::now();
    auto font = findResultFont();
    if (!font) {
        std::fprintf(stderr, "%s\n", font.error().describe().c_str());
        return 1;
    }
    std::printf("font lookup (fontconfig): %.1f ms -> %s face %d\n",
                std::chrono::duration<double, std::milli>(Clock::now() - start).count(), font->path.c_str(),
                font->index);
    const bool ok = measure("one-page result document", typical(), *font, runs) &&
                    measure("5,000-character reason (cut at 2,000)", longReason(), *font, runs);
    if (ok && !write.empty()) {
        auto pdf = renderResultDocument(typical(), *font);
        std::ofstream(write, std::ios::binary)
            .write(reinterpret_cast<const char*>(pdf->data()), static_cast<std::streamsize>(pdf->size()));
        std::printf("wrote %s\n", write.c_str());
    }
    return ok ? 0 : 1;
}
