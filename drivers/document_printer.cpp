// The document printer's status words, reason rules and job wait: pure, shared by every DocumentPrinter.
#include "drivers/document_printer.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <string_view>
#include <thread>

namespace yimen::drivers {
namespace {

struct ReasonWords {
    std::string_view base;
    const char* words;
    bool blocks;
};

// IPP printer-state-reasons (RFC 8011, PWG 5100.x) and the words a citizen sees for them.
constexpr std::array kReasons{
    ReasonWords{"media-empty", "打印机缺纸", true},
    ReasonWords{"media-needed", "打印机缺纸", true},
    ReasonWords{"media-jam", "打印机卡纸", true},
    ReasonWords{"media-low", "打印纸将用完", false},
    ReasonWords{"toner-empty", "墨粉已用完", true},
    ReasonWords{"marker-supply-empty", "墨粉已用完", true},
    ReasonWords{"toner-low", "墨粉不足", false},
    ReasonWords{"marker-supply-low", "墨粉不足", false},
    ReasonWords{"door-open", "打印机盖未关好", true},
    ReasonWords{"cover-open", "打印机盖未关好", true},
    ReasonWords{"interlock-open", "打印机盖未关好", true},
    ReasonWords{"offline", "打印机离线", true},
    ReasonWords{"shutdown", "打印机已关闭", true},
    ReasonWords{"paused", "打印机已暂停", true},
    ReasonWords{"stopped", "打印机已停止", true},
};

const ReasonWords* findReason(const std::string& keyword) {
    const std::string base = reasonBase(keyword);
    const auto it =
        std::find_if(kReasons.begin(), kReasons.end(), [&](const ReasonWords& r) { return r.base == base; });
    return it == kReasons.end() ? nullptr : &*it;
}

bool endsWith(const std::string& text, std::string_view suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void addOnce(std::vector<std::string_view>& words, std::string_view w) {
    if (std::find(words.begin(), words.end(), w) == words.end()) {
        words.push_back(w);
    }
}

}  // namespace

const char* toString(DocumentPrinterState state) {
    switch (state) {
    case DocumentPrinterState::idle: return "idle";
    case DocumentPrinterState::processing: return "processing";
    case DocumentPrinterState::stopped: return "stopped";
    }
    return "?";
}

const char* toString(DocumentJobState state) {
    switch (state) {
    case DocumentJobState::pending: return "pending";
    case DocumentJobState::processing: return "processing";
    case DocumentJobState::completed: return "completed";
    case DocumentJobState::aborted: return "aborted";
    case DocumentJobState::canceled: return "canceled";
    }
    return "?";
}

bool isFinal(DocumentJobState state) {
    return state == DocumentJobState::completed || state == DocumentJobState::aborted ||
           state == DocumentJobState::canceled;
}

std::string reasonBase(const std::string& keyword) {
    for (std::string_view suffix : {"-error", "-warning", "-report"}) {
        if (endsWith(keyword, suffix)) {
            return keyword.substr(0, keyword.size() - suffix.size());
        }
    }
    return keyword;
}

bool reasonBlocksPrinting(const std::string& keyword) {
    if (endsWith(keyword, "-warning") || endsWith(keyword, "-report")) {
        return false;
    }
    if (const ReasonWords* r = findReason(keyword)) {
        return r->blocks;
    }
    // A reason the kiosk has no words for stops printing only when the printer calls it an error.
    return endsWith(keyword, "-error");
}

const char* describeReason(const std::string& keyword) {
    const ReasonWords* r = findReason(keyword);
    return r ? r->words : nullptr;
}

bool DocumentPrinterStatus::canPrint() const {
    if (state == DocumentPrinterState::stopped || !acceptingJobs) {
        return false;
    }
    return state == DocumentPrinterState::idle ||
           std::none_of(reasons.begin(), reasons.end(), reasonBlocksPrinting);
}

std::string DocumentPrinterStatus::describe() const {
    std::vector<std::string_view> words;
    for (const std::string& reason : reasons) {
        if (const char* w = describeReason(reason)) {
            addOnce(words, w);
        }
    }
    // A printer paused for a fault names the fault; "paused" alone is then no news.
    if (words.size() > 1) {
        words.erase(std::remove(words.begin(), words.end(), std::string_view("打印机已暂停")), words.end());
    }
    if (words.empty() && state == DocumentPrinterState::stopped) {
        words.push_back("打印机已停止");
    }
    if (words.empty() && !acceptingJobs) {
        words.push_back("打印机暂不接收打印任务");
    }
    if (words.empty() && !canPrint()) {
        words.push_back("打印机故障");
    }
    if (words.empty()) {
        return "正常";
    }
    std::string text;
    for (std::string_view w : words) {
        if (!text.empty()) {
            text += "，";
        }
        text += w;
    }
    return text;
}

bool isValidJobKey(const std::string& key) {
    if (key.empty() || key.size() > 100) {
        return false;
    }
    return std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
               c == '_' || c == '.' || c == ':';
    });
}

Status checkSubmission(std::span<const std::uint8_t> pdf, const std::string& key) {
    static constexpr std::string_view kMagic = "%PDF-";
    if (pdf.size() < kMagic.size() || !std::equal(kMagic.begin(), kMagic.end(), pdf.begin())) {
        return fail(ErrorCode::invalidInput, "the document to print is not a PDF");
    }
    if (!isValidJobKey(key)) {
        return fail(ErrorCode::invalidInput, "bad print job key \"" + key + "\"");
    }
    return {};
}

Expected<std::optional<SubmittedJob>> earlierSubmission(const std::optional<DocumentJobStatus>& earlier,
                                                        const std::string& key) {
    if (!earlier) {
        return std::optional<SubmittedJob>();
    }
    if (earlier->state == DocumentJobState::aborted || earlier->state == DocumentJobState::canceled) {
        return fail(ErrorCode::conflict, "print job " + std::to_string(earlier->id) + " for " + key +
                                             " was " + toString(earlier->state) +
                                             "; part of it may be on paper");
    }
    return std::optional<SubmittedJob>(SubmittedJob{earlier->id, false});
}

Expected<DocumentJobStatus> waitForJob(DocumentPrinter& printer, DocumentJobId id,
                                       std::chrono::milliseconds limit, std::chrono::milliseconds poll) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (true) {
        Expected<DocumentJobStatus> job = printer.jobState(id);
        if (!job || isFinal(job->state)) {
            return job;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            return fail(ErrorCode::timeout, "print job " + std::to_string(id) + " still " +
                                                toString(job->state) + " after " +
                                                std::to_string(limit.count()) + " ms");
        }
        std::this_thread::sleep_for(poll);
    }
}

}  // namespace yimen::drivers
