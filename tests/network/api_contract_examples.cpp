// Prints, as one JSON document, example requests and answers of every operation of the v1 API: made by the
// contract's codecs (common/api/), by the kiosk's payload builders, and answered by the real platform (Api
// over a database in a temporary folder). check_openapi_contract.py validates each against
// network/api/openapi.yaml.
#include <chrono>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "common/api/application.h"
#include "common/api/error_body.h"
#include "common/api/holder.h"
#include "common/api/rating.h"
#include "common/api/receipt_sequence.h"
#include "common/identity.h"
#include "kiosk/application_payload.h"
#include "platform/api.h"
#include "platform/catalog_source.h"
#include "tests/platform/sample_application.h"
#include "tests/support/temp_dir.h"

using namespace yimen;
using nlohmann::json;

namespace {

// One example: a request body or an answer of `operation` (its operationId).
struct Examples {
    json list = json::array();

    void add(const std::string& operation, const std::string& what, const std::string& source,
             const std::string& contentType, const std::string& body) {
        json example = {{"operation", operation}, {"what", what}, {"source", source}};
        if (!body.empty()) {
            example["contentType"] = contentType;
            if (contentType == "application/json")
                example["body"] = json::parse(body);  // a codec that writes no JSON fails here, loudly
            else
                example["body"] = body;
        }
        list.push_back(std::move(example));
    }
    void request(const std::string& operation, const std::string& source, const std::string& body,
                 const std::string& contentType = "application/json") {
        add(operation, "request", source, contentType, body);
    }
    void answer(const std::string& operation, const std::string& source,
                const platform::ApiResponse& response, const std::string& contentType = "application/json") {
        add(operation, std::to_string(response.status), source, contentType, response.body);
    }
    void codecAnswer(const std::string& operation, int status, const std::string& body) {
        add(operation, std::to_string(status), "codec", "application/json", body);
    }
};

std::chrono::system_clock::time_point platformNow() {
    std::tm tm{};
    strptime("2026-11-29T06:30:00Z", "%Y-%m-%dT%H:%M:%SZ", &tm);
    return std::chrono::system_clock::from_time_t(timegm(&tm));
}

platform::ApiResponse call(const platform::Api& api, const std::string& method, const std::string& target,
                           const std::string& body = {}, const std::string& key = {},
                           const std::string& kiosk = "kiosk-0001") {
    platform::ApiRequest request;
    request.method = method;
    request.target = target;
    if (!key.empty())
        request.headers["idempotency-key"] = key;
    request.body = body;
    request.kioskId = kiosk;
    return api.handle(request);
}

// What the codecs write, with every optional member present.
void codecExamples(Examples& out) {
    api::NewApplication application;
    application.itemId = "pension-enrolment";
    application.receiptNo = "YM00012611290007";
    application.queryCode = "123456";
    application.submittedAt = "2026-11-29T06:30:00Z";
    application.applicant = {
        {"name", "张三"}, {"idNumber", "110101198001010010"}, {"sex", "男"},
        {"nation", "汉"}, {"birthDate", "1980-01-01"},        {"address", "北京市东城区南池子大街12号"}};
    application.answers = {{"phone", "13800138000"}, {"payLevel", "300元"}};
    application.catalogVersion = "9b6f0870dc556867";
    application.utcOffsetMinutes = 480;
    out.request("createApplication", "codec", api::encodeNewApplication(application));
    const api::ApplicationCreated created{"A000123", "YM00012611290007",     "submitted",
                                          "已提交",  "2026-11-29T06:30:01Z", "key-0001-abcdef"};
    out.codecAnswer("createApplication", 201, api::encodeApplicationCreated(created));
    out.codecAnswer("createApplication", 200, api::encodeApplicationCreated(created));

    api::ApplicationStatus status{
        "YM00012611290007",
        "pension-enrolment",
        "城乡居民基本养老保险参保登记",
        "县人力资源和社会保障局",
        "rejected",
        "不予受理",
        "2026-11-29T06:30:00Z",
        {{"submitted", "已提交", "2026-11-29T06:30:00Z", "", "", ""},
         {"accepted", "已受理", "2026-11-29T08:00:00Z", "", "县人力资源和社会保障局", ""},
         {"rejected", "不予受理", "2026-11-30T01:00:00Z", "材料不全", "县人力资源和社会保障局",
          "请补齐材料后重新申请"}},
        "2026-12-11",
        std::nullopt,
        "2026-12-01T02:00:00Z"};
    out.codecAnswer("getApplicationStatus", 200, api::encodeApplicationStatus(status));
    out.codecAnswer("getApplicationStatus", 429,
                    api::encodeErrorBody(platform::apiError::tooManyAttempts(std::chrono::minutes(15))));
    // A receipt whose application the platform refused for good: its tracking shows why and what to do.
    const api::ApplicationStatus refused{
        "YM00012611290008",
        "pension-enrolment",
        "城乡居民基本养老保险参保登记",
        "县人力资源和社会保障局",
        "refused",
        "未能提交",
        "2026-11-29T06:30:00Z",
        {{"refused", "未能提交", "2026-11-29T08:00:00Z",
          "出生日期不能晚于今天。请携带本回执到政务服务中心窗口办理", "",
          "请携带本回执到政务服务中心窗口办理"}},
        "",
        api::Refusal{"validation_failed", "出生日期不能晚于今天", "请携带本回执到政务服务中心窗口办理"},
        ""};
    out.codecAnswer("getApplicationStatus", 200, api::encodeApplicationStatus(refused));

    out.codecAnswer("submitRating", 409, api::encodeErrorBody(platform::apiError::alreadyRated()));
    out.codecAnswer("submitRating", 422, api::encodeErrorBody(platform::apiError::ratingOfUnknownReceipt()));
    const api::NewRating rating{"YM00012611290007", 5, {"办事快", "态度好"}, "很方便"};
    out.request("submitRating", "codec", api::encodeNewRating(rating));
    out.codecAnswer("submitRating", 201, api::encodeRatingCreated({"R000045", 5, "key-0002-abcdef"}));
    out.codecAnswer("getOwnReceiptSequence", 200, api::encodeReceiptSequence({1, "261129", 7}));
    out.request("listHolderApplications", "codec", api::encodeHolderQuery({"450122195608140264"}));
    out.codecAnswer("listHolderApplications", 200,
                    api::encodeHolderApplications(
                        {{{"YM00012611290007", "pension-enrolment", "城乡居民基本养老保险参保登记",
                           "县人力资源和社会保障局", "completed", "已办结", "2026-11-29T06:30:00Z",
                           "2026-12-03T02:00:00Z"},
                          {"YM00012612010002", "residence-certificate", "居住证明", "镇派出所", "accepted",
                           "已受理", "2026-12-01T01:00:00Z", ""}}}));

    // The certificate renewal's answers, as platform/certificate_api.cpp and platform/server.cpp word them.
    out.request("renewKioskCertificate", "codec",
                "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n",
                "application/pkcs10");
    out.add("renewKioskCertificate", "201", "codec", "application/x-pem-file",
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    out.codecAnswer(
        "renewKioskCertificate", 403,
        api::encodeErrorBody({403, "certificate_name_mismatch", "证书请求的名称与本机证书不符", ""}));
    out.codecAnswer(
        "renewKioskCertificate", 403,
        api::encodeErrorBody({403, "certificate_revoked", "本机证书已被吊销，请联系技术人员", ""}));
    out.codecAnswer("renewKioskCertificate", 405,
                    api::encodeErrorBody(platform::apiError::methodNotAllowed()));
    out.codecAnswer("renewKioskCertificate", 413,
                    api::encodeErrorBody(platform::apiError::payloadTooLarge()));
    out.codecAnswer("renewKioskCertificate", 422,
                    api::encodeErrorBody({422, "invalid_csr", "证书请求无效", ""}));
    for (const char* operation : {"createApplication", "submitRating", "listHolderApplications"})
        out.codecAnswer(operation, 413, api::encodeErrorBody(platform::apiError::payloadTooLarge()));
    out.codecAnswer("createApplication", 400, api::encodeErrorBody(platform::apiError::malformedRequest()));
}

// What the kiosk sends (kiosk/application_payload.h).
void kioskExamples(Examples& out) {
    Identity applicant;
    applicant.name = "张三";
    applicant.idNumber = "110101198001010010";
    applicant.sex = "男";
    applicant.nation = "汉";
    applicant.birthDate = "1980-01-01";
    applicant.address = "北京市东城区南池子大街12号";
    const std::map<std::string, std::string> answers = {{"phone", "13800138000"}};
    kiosk::ApplicationDraft draft{"pension-enrolment",
                                  "YM00012611290007",
                                  "123456",
                                  "2026-11-29T06:30:00Z",
                                  &applicant,
                                  &answers,
                                  "\"9b6f0870dc556867\"",
                                  480};
    out.request("createApplication", "kiosk", kiosk::applicationPayload(draft));
    out.request("submitRating", "kiosk", kiosk::ratingPayload("YM00012611290007", 4));
    out.request("submitRating", "kiosk", kiosk::ratingPayload("", 3));
}

// What the real platform answers, one example per documented status.
int platformExamples(Examples& out) {
    testing::TempDir dir;
    Expected<std::unique_ptr<platform::ApplicationStore>> store =
        platform::ApplicationStore::open(dir / "platform.db");
    Expected<platform::ServedCatalog> catalog = platform::loadCatalog("");
    if (!store || !catalog || !(*store)->registerKiosk("kiosk-0001", 1) ||
        !(*store)->saveCatalog(catalog->version, catalog->json)) {
        std::cerr << "cannot set up the platform\n";
        return 1;
    }
    const platform::Api api(**store, *catalog, platformNow);

    const std::string etag = "\"" + catalog->version + "\"";
    out.answer("getCatalog", "platform", call(api, "GET", "/api/v1/catalog"));
    platform::ApiRequest conditional{"GET", "/api/v1/catalog", {{"if-none-match", etag}}, {}, "kiosk-0001"};
    out.answer("getCatalog", "platform", api.handle(conditional));
    out.answer("getCatalog", "platform", call(api, "POST", "/api/v1/catalog"));

    const std::string receipt = testing::receiptNumber(7);
    const std::string body = testing::sampleApplication(receipt).dump();
    const std::string apps = "/api/v1/applications";
    out.request("createApplication", "platform-sample", body);
    out.answer("createApplication", "platform", call(api, "POST", apps, body, "key-app-0001"));
    out.answer("createApplication", "platform", call(api, "POST", apps, body, "key-app-0001"));
    out.answer("createApplication", "platform", call(api, "POST", apps, body));
    out.answer("createApplication", "platform", call(api, "POST", apps, "{", "key-app-0002"));
    out.answer("createApplication", "platform",
               call(api, "POST", apps, testing::sampleApplication(testing::receiptNumber(8)).dump(),
                    "key-app-0003", "kiosk-0009"));
    out.answer("createApplication", "platform",
               call(api, "POST", apps, testing::sampleApplication(testing::receiptNumber(8, 2)).dump(),
                    "key-app-0004"));
    out.answer("createApplication", "platform", call(api, "GET", apps));
    out.answer("createApplication", "platform",
               call(api, "POST", apps, testing::sampleApplication(testing::receiptNumber(9)).dump(),
                    "key-app-0001"));
    json otherQueryCode = testing::sampleApplication(receipt, "654321");
    out.answer("createApplication", "platform",
               call(api, "POST", apps, otherQueryCode.dump(), "key-app-0005"));
    json badPhone = testing::sampleApplication(testing::receiptNumber(10));
    badPhone["answers"]["phone"] = "12345";
    out.answer("createApplication", "platform", call(api, "POST", apps, badPhone.dump(), "key-app-0006"));

    const std::string status = apps + "/" + receipt;
    out.answer("getApplicationStatus", "platform", call(api, "GET", status + "?code=123456"));
    out.answer("getApplicationStatus", "platform", call(api, "GET", status + "?code=000000"));
    out.answer("getApplicationStatus", "platform", call(api, "POST", status + "?code=123456"));
    // A rejected application: each step with its department, the reason, what to do next, the promised day.
    const std::string rejected = testing::receiptNumber(11);
    if (call(api, "POST", apps, testing::sampleApplication(rejected).dump(), "key-app-0007").status != 201 ||
        !(*store)->advance(rejected, "accepted") ||
        !(*store)->advance(rejected, "rejected", "缴费档次与户籍地政策不符")) {
        std::cerr << "cannot reject an application\n";
        return 1;
    }
    out.answer("getApplicationStatus", "platform", call(api, "GET", apps + "/" + rejected + "?code=123456"));
    // Guessing its code: after the limit of wrong codes, 429 too_many_attempts.
    for (int i = 0; i < platform::kFailedLookupsPerReceipt; ++i)
        call(api, "GET", apps + "/" + rejected + "?code=00000" + std::to_string(i));
    out.answer("getApplicationStatus", "platform", call(api, "GET", apps + "/" + rejected + "?code=123456"));

    const std::string rating = testing::sampleRating(receipt).dump();
    const std::string ratings = "/api/v1/ratings";
    out.request("submitRating", "platform-sample", rating);
    out.answer("submitRating", "platform", call(api, "POST", ratings, rating, "key-rating-01"));
    out.answer("submitRating", "platform", call(api, "POST", ratings, rating, "key-rating-01"));
    out.answer("submitRating", "platform", call(api, "POST", ratings, rating));
    out.answer("submitRating", "platform", call(api, "POST", ratings, rating, "key-rating-02", "kiosk-0009"));
    out.answer("submitRating", "platform", call(api, "GET", ratings));
    out.answer("submitRating", "platform",
               call(api, "POST", ratings, testing::sampleRating(receipt, 4).dump(), "key-rating-01"));
    out.answer("submitRating", "platform",
               call(api, "POST", ratings, testing::sampleRating(receipt, 9).dump(), "key-rating-03"));

    // A second rating of the same application, and one of a receipt the platform does not hold.
    out.answer("submitRating", "platform",
               call(api, "POST", ratings, testing::sampleRating(receipt, 2).dump(), "key-rating-04"));
    out.answer("submitRating", "platform",
               call(api, "POST", ratings, testing::sampleRating(testing::receiptNumber(99), 2).dump(),
                    "key-rating-05"));

    // The holder of the sample card: the applications stored above, newest first.
    const std::string holders = "/api/v1/holders/applications";
    const std::string holder = api::encodeHolderQuery(
        {testing::sampleApplication(receipt)["applicant"]["idNumber"].get<std::string>()});
    out.request("listHolderApplications", "platform-sample", holder);
    out.answer("listHolderApplications", "platform", call(api, "POST", holders, holder));
    out.answer("listHolderApplications", "platform",
               call(api, "POST", holders, api::encodeHolderQuery({"450122195608140265"})));
    out.answer("listHolderApplications", "platform", call(api, "POST", holders, "{"));
    out.answer("listHolderApplications", "platform", call(api, "POST", holders, holder, {}, "kiosk-0009"));
    out.answer("listHolderApplications", "platform", call(api, "GET", holders));

    const std::string receipts = "/api/v1/kiosks/self/receipts";
    out.answer("getOwnReceiptSequence", "platform", call(api, "GET", receipts + "?day=261129"));
    out.answer("getOwnReceiptSequence", "platform",
               call(api, "GET", receipts + "?day=261129", {}, {}, "kiosk-0009"));
    out.answer("getOwnReceiptSequence", "platform", call(api, "POST", receipts + "?day=261129"));
    out.answer("getOwnReceiptSequence", "platform", call(api, "GET", receipts + "?day=261399"));
    return 0;
}

}  // namespace

int main() {
    Examples examples;
    codecExamples(examples);
    kioskExamples(examples);
    if (const int failed = platformExamples(examples); failed != 0)
        return failed;
    std::cout << examples.list.dump(2) << "\n";
    return 0;
}
