// CupsDocumentPrinter: Get-Printer-Attributes, Create-Job + Send-Document, Get-Job-Attributes, Get-Jobs and
// Cancel-Job through libcups, each on its own bounded connection.
#include "drivers/a4/cups_document_printer.h"

#include <cups/cups.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace yimen::drivers::a4 {
namespace {

constexpr std::size_t kWriteChunk = 64 * 1024;

// One connection to the scheduler; closed when it goes away.
class Connection {
public:
    static Expected<std::unique_ptr<Connection>> open(const CupsPrinterConfig& config) {
        std::string host = config.server;
        int port = ippPort();
        if (host.front() != '/') {
            const auto colon = host.rfind(':');
            if (colon != std::string::npos && host.find(']', colon) == std::string::npos) {
                port = std::atoi(host.c_str() + colon + 1);
                host.resize(colon);
            }
        }
        const int msec = static_cast<int>(config.timeout.count());
        http_t* http = httpConnect2(host.c_str(), port, nullptr, AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED, 1,
                                    msec, nullptr);
        if (http == nullptr) {
            return fail(ErrorCode::unavailable,
                        "cannot reach the print server " + config.server + ": " + cupsLastErrorString());
        }
        auto connection = std::unique_ptr<Connection>(new Connection(http));
        httpSetTimeout(http, static_cast<double>(config.timeout.count()) / 1000.0, &Connection::onTimeout,
                       connection.get());
        return connection;
    }

    ~Connection() { httpClose(http_); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    http_t* http() const { return http_; }
    bool timedOut() const { return timedOut_; }

private:
    explicit Connection(http_t* http) : http_(http) {}

    // libcups asks whether to keep waiting once the timeout has passed with no answer: never.
    static int onTimeout(http_t*, void* self) {
        static_cast<Connection*>(self)->timedOut_ = true;
        return 0;
    }

    http_t* http_;
    bool timedOut_ = false;
};

struct IppDeleter {
    void operator()(ipp_t* ipp) const { ippDelete(ipp); }
};
using IppPtr = std::unique_ptr<ipp_t, IppDeleter>;

// The error for the last failed request on this thread.
Error lastError(const Connection& connection, const std::string& what) {
    const ipp_status_t status = cupsLastError();
    std::string message = what + ": " + cupsLastErrorString();
    if (connection.timedOut()) {
        return {ErrorCode::timeout, what + ": the print server did not answer in time"};
    }
    switch (status) {
    case IPP_STATUS_ERROR_NOT_FOUND: return {ErrorCode::notFound, message};
    case IPP_STATUS_ERROR_NOT_POSSIBLE: return {ErrorCode::conflict, message};
    case IPP_STATUS_ERROR_NOT_ACCEPTING_JOBS: return {ErrorCode::device, message};
    case IPP_STATUS_ERROR_SERVICE_UNAVAILABLE:
    case IPP_STATUS_ERROR_INTERNAL: return {ErrorCode::unavailable, message};
    default: break;
    }
    if (status >= IPP_STATUS_ERROR_INTERNAL) {
        return {ErrorCode::serverError, message};
    }
    return {ErrorCode::rejected, message};
}

std::string printerUri(const std::string& queue) {
    char uri[HTTP_MAX_URI];
    httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", nullptr, "localhost", ippPort(),
                     "/printers/%s", queue.c_str());
    return uri;
}

// A request on the queue, as this process's user.
IppPtr newRequest(ipp_op_t op, const std::string& queue) {
    IppPtr request(ippNewRequest(op));
    ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr,
                 printerUri(queue).c_str());
    ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr, cupsUser());
    return request;
}

void requestAttributes(ipp_t* request, std::initializer_list<const char*> names) {
    std::vector<const char*> list(names);
    ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                  static_cast<int>(list.size()), nullptr, list.data());
}

Expected<IppPtr> send(Connection& connection, IppPtr request, const std::string& what) {
    IppPtr response(cupsDoRequest(connection.http(), request.release(), "/"));
    if (!response || cupsLastError() > IPP_STATUS_OK_CONFLICTING) {
        return lastError(connection, what);
    }
    return response;
}

std::vector<std::string> keywords(ipp_attribute_t* attr) {
    std::vector<std::string> out;
    for (int i = 0; attr != nullptr && i < ippGetCount(attr); ++i) {
        const char* value = ippGetString(attr, i, nullptr);
        if (value != nullptr && std::string_view(value) != "none") {
            out.emplace_back(value);
        }
    }
    return out;
}

DocumentJobState jobStateOf(int ippState) {
    switch (ippState) {
    case IPP_JSTATE_PENDING:
    case IPP_JSTATE_HELD: return DocumentJobState::pending;
    case IPP_JSTATE_PROCESSING:
    case IPP_JSTATE_STOPPED: return DocumentJobState::processing;
    case IPP_JSTATE_CANCELED: return DocumentJobState::canceled;
    case IPP_JSTATE_ABORTED: return DocumentJobState::aborted;
    case IPP_JSTATE_COMPLETED: return DocumentJobState::completed;
    default: return DocumentJobState::pending;
    }
}

}  // namespace

std::string cupsJobName(const std::string& jobName, const std::string& key) {
    return jobName + " [" + key + "]";
}

Expected<std::unique_ptr<CupsDocumentPrinter>> CupsDocumentPrinter::create(CupsPrinterConfig config) {
    if (config.queue.empty() || config.server.empty()) {
        return fail(ErrorCode::invalidInput, "the A4 printer needs a CUPS queue name and a print server");
    }
    if (config.timeout.count() <= 0) {
        return fail(ErrorCode::invalidInput, "the A4 printer's timeout must be positive");
    }
    return std::unique_ptr<CupsDocumentPrinter>(new CupsDocumentPrinter(std::move(config)));
}

CupsDocumentPrinter::CupsDocumentPrinter(CupsPrinterConfig config) : config_(std::move(config)) {}

Expected<DocumentPrinterStatus> CupsDocumentPrinter::status() {
    std::lock_guard lock(mutex_);
    auto connection = Connection::open(config_);
    if (!connection) {
        return connection.error();
    }
    IppPtr request = newRequest(IPP_OP_GET_PRINTER_ATTRIBUTES, config_.queue);
    requestAttributes(request.get(), {"printer-state", "printer-state-reasons", "printer-is-accepting-jobs"});
    auto response = send(**connection, std::move(request), "asking the A4 printer's state");
    if (!response) {
        return response.error();
    }
    ipp_t* r = response->get();
    DocumentPrinterStatus status;
    switch (ippGetInteger(ippFindAttribute(r, "printer-state", IPP_TAG_ENUM), 0)) {
    case IPP_PSTATE_PROCESSING: status.state = DocumentPrinterState::processing; break;
    case IPP_PSTATE_STOPPED: status.state = DocumentPrinterState::stopped; break;
    default: status.state = DocumentPrinterState::idle; break;
    }
    if (ipp_attribute_t* accepting = ippFindAttribute(r, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN)) {
        status.acceptingJobs = ippGetBoolean(accepting, 0) != 0;
    }
    status.reasons = keywords(ippFindAttribute(r, "printer-state-reasons", IPP_TAG_KEYWORD));
    return status;
}

Expected<SubmittedJob> CupsDocumentPrinter::submit(std::span<const std::uint8_t> pdf,
                                                   const std::string& jobName,
                                                   const std::string& idempotencyKey) {
    if (Status checked = checkSubmission(pdf, idempotencyKey); !checked) {
        return checked.error();
    }
    auto earlier = findJob(idempotencyKey);
    if (!earlier) {
        return earlier.error();
    }
    auto known = earlierSubmission(*earlier, idempotencyKey);
    if (!known || *known) {
        return known ? Expected<SubmittedJob>(**known) : Expected<SubmittedJob>(known.error());
    }
    auto printer = status();
    if (!printer) {
        return printer.error();
    }
    if (!printer->canPrint()) {
        return fail(ErrorCode::device, printer->describe());
    }

    std::lock_guard lock(mutex_);
    auto connection = Connection::open(config_);
    if (!connection) {
        return connection.error();
    }
    http_t* http = (*connection)->http();
    const std::string title = cupsJobName(jobName, idempotencyKey);
    IppPtr create = newRequest(IPP_OP_CREATE_JOB, config_.queue);
    ippAddString(create.get(), IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", nullptr, title.c_str());
    auto created = send(**connection, std::move(create), "creating the print job");
    if (!created) {
        return created.error();
    }
    const int id = ippGetInteger(ippFindAttribute(created->get(), "job-id", IPP_TAG_INTEGER), 0);
    if (id <= 0) {
        return fail(ErrorCode::serverError, "creating the print job: the print server gave no job id");
    }
    auto abandon = [&](Error error) -> Expected<SubmittedJob> {
        // The document did not arrive whole: take the job out rather than print a part of it. Best effort on
        // a fresh connection, as this one may be broken.
        if (auto again = Connection::open(config_)) {
            (void)cupsCancelJob2((*again)->http(), config_.queue.c_str(), id, 0);
        }
        return error;
    };
    if (cupsStartDocument(http, config_.queue.c_str(), id, title.c_str(), CUPS_FORMAT_PDF, 1) !=
        HTTP_STATUS_CONTINUE) {
        return abandon(lastError(**connection, "sending the document").withContext("print job"));
    }
    for (std::size_t at = 0; at < pdf.size(); at += kWriteChunk) {
        const std::size_t n = std::min(kWriteChunk, pdf.size() - at);
        if (cupsWriteRequestData(http, reinterpret_cast<const char*>(pdf.data() + at), n) !=
            HTTP_STATUS_CONTINUE) {
            Error error = lastError(**connection, "sending the document");
            error.code = (*connection)->timedOut() ? ErrorCode::timeout : ErrorCode::io;
            return abandon(std::move(error));
        }
    }
    if (cupsFinishDocument(http, config_.queue.c_str()) > IPP_STATUS_OK_CONFLICTING) {
        Error error = lastError(**connection, "finishing the document");
        if (error.code != ErrorCode::timeout) {
            error.code = ErrorCode::io;
        }
        return abandon(std::move(error));
    }
    return SubmittedJob{id, true};
}

Expected<DocumentJobStatus> CupsDocumentPrinter::jobState(DocumentJobId id) {
    std::lock_guard lock(mutex_);
    auto connection = Connection::open(config_);
    if (!connection) {
        return connection.error();
    }
    IppPtr request = newRequest(IPP_OP_GET_JOB_ATTRIBUTES, config_.queue);
    ippAddInteger(request.get(), IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", id);
    requestAttributes(request.get(), {"job-id", "job-state", "job-state-reasons"});
    auto response = send(**connection, std::move(request), "asking print job " + std::to_string(id));
    if (!response) {
        return response.error();
    }
    DocumentJobStatus job;
    job.id = id;
    job.state = jobStateOf(ippGetInteger(ippFindAttribute(response->get(), "job-state", IPP_TAG_ENUM), 0));
    job.reasons = keywords(ippFindAttribute(response->get(), "job-state-reasons", IPP_TAG_KEYWORD));
    return job;
}

Expected<std::optional<DocumentJobStatus>> CupsDocumentPrinter::findJob(const std::string& idempotencyKey) {
    std::lock_guard lock(mutex_);
    auto connection = Connection::open(config_);
    if (!connection) {
        return connection.error();
    }
    IppPtr request = newRequest(IPP_OP_GET_JOBS, config_.queue);
    ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "which-jobs", nullptr, "all");
    ippAddBoolean(request.get(), IPP_TAG_OPERATION, "my-jobs", 1);
    requestAttributes(request.get(), {"job-id", "job-name", "job-state", "job-state-reasons"});
    auto response = send(**connection, std::move(request), "looking for print job " + idempotencyKey);
    if (!response) {
        return response.error();
    }
    const std::string suffix = " [" + idempotencyKey + "]";
    std::optional<DocumentJobStatus> found;
    // Jobs come one group each, separated by a separator tag; walk the attributes and close a job at each
    // group change.
    DocumentJobStatus job;
    std::string name;
    auto close = [&] {
        const bool matches = name.size() >= suffix.size() &&
                             name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
        if (job.id > 0 && matches && (!found || job.id > found->id)) {
            found = job;
        }
        job = DocumentJobStatus{};
        name.clear();
    };
    for (ipp_attribute_t* attr = ippFirstAttribute(response->get()); attr != nullptr;
         attr = ippNextAttribute(response->get())) {
        const char* attrName = ippGetName(attr);
        if (ippGetGroupTag(attr) != IPP_TAG_JOB || attrName == nullptr) {
            close();
            continue;
        }
        const std::string_view n(attrName);
        if (n == "job-id") {
            job.id = ippGetInteger(attr, 0);
        } else if (n == "job-name") {
            const char* value = ippGetString(attr, 0, nullptr);
            name = value ? value : "";
        } else if (n == "job-state") {
            job.state = jobStateOf(ippGetInteger(attr, 0));
        } else if (n == "job-state-reasons") {
            job.reasons = keywords(attr);
        }
    }
    close();
    return found;
}

Status CupsDocumentPrinter::cancel(DocumentJobId id) {
    std::lock_guard lock(mutex_);
    auto connection = Connection::open(config_);
    if (!connection) {
        return connection.error();
    }
    if (cupsCancelJob2((*connection)->http(), config_.queue.c_str(), id, 0) > IPP_STATUS_OK_CONFLICTING) {
        return lastError(**connection, "canceling print job " + std::to_string(id));
    }
    return {};
}

}  // namespace yimen::drivers::a4
