// libFuzzer target: request targets (path and query string) on arbitrary bytes, taken apart by the parser the
// API routes with, then answered by the API itself as GETs from a registered kiosk (against a small database
// made once per process). The parts must fit in the whole; every answer must be a status the contract knows,
// with a JSON body.
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "platform/api.h"
#include "platform/catalog_source.h"
#include "platform/request_target.h"

using namespace yimen::platform;

namespace {

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

// The API over a database in a directory of this process's own, removed at exit.
struct Fixture {
    std::filesystem::path dir;
    std::unique_ptr<ApplicationStore> store;
    std::unique_ptr<Api> api;
    std::chrono::steady_clock::time_point throttleNow{};

    Fixture() {
        dir = std::filesystem::temp_directory_path() / ("yimen-target-fuzz-" + std::to_string(::getpid()));
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        auto opened = ApplicationStore::open((dir / "platform.db").string());
        check(opened.hasValue());
        store = std::move(*opened);
        check(store->registerKiosk("kiosk-0001", 1).hasValue());
        auto catalog = loadCatalog("");
        check(catalog.hasValue());
        // Each lookup a window after the last, so the throttle never stops the fuzzer at the lookup's
        // parsing.
        api = std::make_unique<Api>(*store, std::move(*catalog), WallClock{},
                                    [this] { return throttleNow += kLookupWindow; });
    }
    ~Fixture() {
        api.reset();
        store.reset();
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string target(reinterpret_cast<const char*>(data), size);
    const std::string path = pathOf(target);
    const std::string_view query = queryOf(target);
    check(path.size() <= target.size() && target.compare(0, path.size(), path) == 0);
    check(query.size() <= target.size());
    check(percentDecode(query).size() <= query.size());
    for (const char* name : {"code", "day"}) check(queryParameter(query, name).size() <= query.size());

    ApiRequest request;
    request.method = "GET";
    request.target = target;
    request.kioskId = "kiosk-0001";
    const ApiResponse response = fixture().api->handle(request);
    static const std::set<int> known = {200, 304, 404, 405, 422};
    check(known.count(response.status) == 1);
    check(response.status == 304 || nlohmann::json::accept(response.body));
    return 0;
}
