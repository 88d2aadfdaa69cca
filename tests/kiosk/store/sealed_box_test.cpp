// Tests of kiosk/store/sealed_box: AES-256-GCM sealing and the key file's creation and checks.
#include "kiosk/store/sealed_box.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "store_fixture.h"

using namespace yimen;
using namespace yimen::kiosk::store;
using namespace yimen::kiosk::store::test;

namespace {

std::vector<std::uint8_t> sealOrFail(const SealedBox& box, std::string_view text, std::string_view ad) {
    auto blob = box.seal(text, ad);
    REQUIRE(blob);
    return *blob;
}

mode_t modeOf(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

void writeKeyFile(const std::string& path, std::size_t size, mode_t mode) {
    writeBytes(path, std::string(size, '\x42'));
    REQUIRE(::chmod(path.c_str(), mode) == 0);
}

}  // namespace

TEST_CASE("sealed text opens to the same text under the same associated data", "[sealed_box]") {
    TempDir dir;
    const auto box = loadBox(dir.file("outbox.key"));
    for (const std::string& text :
         {std::string(), std::string("{\"name\":\"张三\",\"id\":\"450102199001011234\"}"),
          std::string(100000, 'z'), std::string("a\0b", 3)}) {
        auto blob = sealOrFail(box, text, "key-1");
        CHECK(blob.size() == text.size() + SealedBox::kOverhead);
        CHECK(blob[0] == SealedBox::kVersion);
        auto opened = box.open(blob, "key-1");
        REQUIRE(opened);
        CHECK(*opened == text);
    }
}

TEST_CASE("sealing the same text twice gives different blobs", "[sealed_box]") {
    TempDir dir;
    const auto box = loadBox(dir.file("outbox.key"));
    CHECK(sealOrFail(box, "张三", "k") != sealOrFail(box, "张三", "k"));
}

TEST_CASE("a sealed blob does not contain its plaintext", "[sealed_box]") {
    TempDir dir;
    const auto box = loadBox(dir.file("outbox.key"));
    const std::string text = "450102199001011234";
    auto blob = sealOrFail(box, text, "k");
    const std::string bytes(blob.begin(), blob.end());
    CHECK(bytes.find(text) == std::string::npos);
}

TEST_CASE("a blob with any byte changed does not open", "[sealed_box]") {
    TempDir dir;
    const auto box = loadBox(dir.file("outbox.key"));
    const auto blob = sealOrFail(box, "{\"name\":\"张三\"}", "k");
    // The version byte, a nonce byte, a ciphertext byte and a tag byte.
    for (std::size_t at :
         {std::size_t{0}, std::size_t{5}, std::size_t{1 + SealedBox::kNonceSize + 2}, blob.size() - 1}) {
        auto tampered = blob;
        tampered[at] ^= 0x01;
        auto opened = box.open(tampered, "k");
        INFO("byte " << at);
        REQUIRE_FALSE(opened);
        CHECK(opened.error().code == ErrorCode::crypto);
    }
}

TEST_CASE("a blob does not open under other associated data", "[sealed_box]") {
    TempDir dir;
    const auto box = loadBox(dir.file("outbox.key"));
    const auto blob = sealOrFail(box, "payload", "idempotency-1");
    for (std::string_view ad : {"idempotency-2", "", "idempotency-1 "}) {
        auto opened = box.open(blob, ad);
        REQUIRE_FALSE(opened);
        CHECK(opened.error().code == ErrorCode::crypto);
    }
}

TEST_CASE("a blob does not open under another key", "[sealed_box]") {
    TempDir dir;
    const auto box = loadBox(dir.file("a.key"));
    const auto other = loadBox(dir.file("b.key"));
    const auto blob = sealOrFail(box, "payload", "k");
    auto opened = other.open(blob, "k");
    REQUIRE_FALSE(opened);
    CHECK(opened.error().code == ErrorCode::crypto);
    CHECK_THAT(opened.error().message, Catch::Contains("another key"));
}

TEST_CASE("a truncated blob is refused with an error", "[sealed_box]") {
    TempDir dir;
    const auto box = loadBox(dir.file("outbox.key"));
    const auto blob = sealOrFail(box, "payload", "k");
    for (std::size_t keep : {std::size_t{0}, std::size_t{1}, SealedBox::kOverhead - 1, blob.size() - 1}) {
        auto opened = box.open(std::span<const std::uint8_t>(blob.data(), keep), "k");
        INFO("kept " << keep << " bytes");
        REQUIRE_FALSE(opened);
        CHECK(opened.error().code == ErrorCode::crypto);
    }
}

TEST_CASE("a missing key file is created with mode 0600 and 32 random bytes, its directory too",
          "[sealed_box]") {
    TempDir dir;
    const std::string path = dir.file("keys/outbox.key");
    const auto box = loadBox(path);
    CHECK(modeOf(path) == 0600);
    CHECK(modeOf(dir.file("keys")) == 0700);
    const std::string key = readBytes(path);
    CHECK(key.size() == SealedBox::kKeySize);
    CHECK(key != std::string(SealedBox::kKeySize, '\0'));
    CHECK_FALSE(std::filesystem::exists(path + ".new." + std::to_string(::getpid())));
}

TEST_CASE("a key file is loaded again after a restart and opens what was sealed before", "[sealed_box]") {
    TempDir dir;
    const std::string path = dir.file("outbox.key");
    std::vector<std::uint8_t> blob;
    {
        const auto box = loadBox(path);
        blob = sealOrFail(box, "张三", "k");
    }
    const std::string keyBefore = readBytes(path);
    const auto again = loadBox(path);
    CHECK(readBytes(path) == keyBefore);
    auto opened = again.open(blob, "k");
    REQUIRE(opened);
    CHECK(*opened == "张三");
}

TEST_CASE("a key file readable by group or others is refused and left as it is", "[sealed_box]") {
    TempDir dir;
    const std::string path = dir.file("outbox.key");
    for (mode_t mode : {mode_t{0644}, mode_t{0640}, mode_t{0604}, mode_t{0620}}) {
        writeKeyFile(path, SealedBox::kKeySize, mode);
        auto box = SealedBox::loadOrCreateKey(path);
        INFO("mode " << std::oct << mode);
        REQUIRE_FALSE(box);
        CHECK(box.error().code == ErrorCode::crypto);
        CHECK_THAT(box.error().message, Catch::Contains("group or others"));
        CHECK(readBytes(path) == std::string(SealedBox::kKeySize, '\x42'));
    }
}

TEST_CASE("a key file that is not exactly 32 bytes is refused", "[sealed_box]") {
    TempDir dir;
    const std::string path = dir.file("outbox.key");
    for (std::size_t size : {std::size_t{0}, std::size_t{31}, std::size_t{33}}) {
        writeKeyFile(path, size, 0600);
        auto box = SealedBox::loadOrCreateKey(path);
        INFO(size << " bytes");
        REQUIRE_FALSE(box);
        CHECK(box.error().code == ErrorCode::crypto);
        CHECK(readBytes(path).size() == size);
    }
}

TEST_CASE("a key path that is a directory is refused", "[sealed_box]") {
    TempDir dir;
    std::filesystem::create_directory(dir.file("outbox.key"));
    ::chmod(dir.file("outbox.key").c_str(), 0700);
    auto box = SealedBox::loadOrCreateKey(dir.file("outbox.key"));
    REQUIRE_FALSE(box);
    CHECK(box.error().code == ErrorCode::crypto);
}

TEST_CASE("a moved-to box keeps working", "[sealed_box]") {
    TempDir dir;
    auto first = loadBox(dir.file("outbox.key"));
    const auto blob = sealOrFail(first, "payload", "k");
    SealedBox second = std::move(first);
    auto opened = second.open(blob, "k");
    REQUIRE(opened);
    CHECK(*opened == "payload");
}
