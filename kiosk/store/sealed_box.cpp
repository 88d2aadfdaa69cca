// AES-256-GCM with OpenSSL EVP, and the key file's creation and permission checks.
#include "kiosk/store/sealed_box.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

namespace yimen::kiosk::store {
namespace {

using Key = std::array<std::uint8_t, SealedBox::kKeySize>;

// Wipes a key copy on every path out of a function.
struct KeyWiper {
    Key& key;
    ~KeyWiper() { OPENSSL_cleanse(key.data(), key.size()); }
};

struct CipherDeleter {
    void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherPtr = std::unique_ptr<EVP_CIPHER_CTX, CipherDeleter>;

std::string opensslReason() {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return "OpenSSL reported no reason";
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    return buffer;
}

std::string systemReason() {
    return errnoText(errno);
}

std::string octal(mode_t mode) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%04o", static_cast<unsigned>(mode & 07777));
    return buffer;
}

class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0)
            ::close(fd_);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }
    [[nodiscard]] bool close() {
        const int fd = fd_;
        fd_ = -1;
        return ::close(fd) == 0;
    }

private:
    int fd_;
};

// Fills key and returns true if the file exists, false if it does not, an error if it cannot be trusted.
Expected<bool> readKey(const std::string& path, Key& key) {
    FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        if (errno == ENOENT)
            return false;
        return fail(ErrorCode::io, "reading key file " + path + ": " + systemReason());
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0)
        return fail(ErrorCode::io, "reading key file " + path + ": " + systemReason());
    if (!S_ISREG(st.st_mode))
        return fail(ErrorCode::crypto, "key file " + path + " is not a regular file");
    if ((st.st_mode & 077) != 0)
        return fail(ErrorCode::crypto, "key file " + path + " has mode " + octal(st.st_mode) +
                                           ": it must not be accessible to group or others (chmod 600)");
    if (st.st_size != static_cast<off_t>(SealedBox::kKeySize))
        return fail(ErrorCode::crypto, "key file " + path + " holds " + std::to_string(st.st_size) +
                                           " bytes; a key is exactly " + std::to_string(SealedBox::kKeySize));
    std::size_t got = 0;
    while (got < key.size()) {
        const ssize_t n = ::read(fd.get(), key.data() + got, key.size() - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail(ErrorCode::io, "reading key file " + path + ": " + systemReason());
        if (n == 0)
            return fail(ErrorCode::crypto,
                        "key file " + path + " ended after " + std::to_string(got) + " bytes");
        got += static_cast<std::size_t>(n);
    }
    return true;
}

Status writeAll(int fd, const std::uint8_t* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail(ErrorCode::io, systemReason());
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return {};
}

// Creates the key file atomically: the key is written and synced under a temporary name, then linked
// into place, so a crash never leaves a short key file behind, and two processes starting together end
// up with one key. Returns false (no error) when another process created the file first.
Expected<bool> createKey(const std::string& path, Key& key) {
    const std::filesystem::path file(path);
    const std::filesystem::path dir =
        file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    std::error_code ec;
    if (!std::filesystem::exists(dir, ec)) {
        std::filesystem::create_directories(dir, ec);
        if (ec)
            return fail(ErrorCode::io, "creating key directory " + dir.string() + ": " + ec.message());
        std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
        if (ec)
            return fail(ErrorCode::io, "restricting key directory " + dir.string() + ": " + ec.message());
    }

    if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1)
        return fail(ErrorCode::crypto, "generating a key: " + opensslReason());

    const std::string temporary = path + ".new." + std::to_string(::getpid());
    ::unlink(temporary.c_str());  // left over from a crash of an earlier process with the same pid
    FileDescriptor fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (fd.get() < 0)
        return fail(ErrorCode::io, "creating key file " + temporary + ": " + systemReason());
    auto cleanup = [&] { ::unlink(temporary.c_str()); };
    if (::fchmod(fd.get(), 0600) != 0) {
        cleanup();
        return fail(ErrorCode::io, "restricting key file " + temporary + ": " + systemReason());
    }
    if (auto written = writeAll(fd.get(), key.data(), key.size()); !written) {
        cleanup();
        return written.error().withContext("writing key file " + temporary);
    }
    if (::fsync(fd.get()) != 0 || !fd.close()) {
        cleanup();
        return fail(ErrorCode::io, "syncing key file " + temporary + ": " + systemReason());
    }

    const bool linked = ::link(temporary.c_str(), path.c_str()) == 0;
    const int linkErrno = errno;
    cleanup();
    if (!linked) {
        if (linkErrno == EEXIST)
            return false;
        return fail(ErrorCode::io, "installing key file " + path + ": " + errnoText(linkErrno));
    }
    FileDescriptor dirFd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dirFd.get() >= 0)
        ::fsync(dirFd.get());
    return true;
}

bool fitsInt(std::size_t size) {
    return size <= static_cast<std::size_t>(INT_MAX);
}

}  // namespace

Expected<SealedBox> SealedBox::loadOrCreateKey(const std::string& keyPath) {
    Key key{};
    KeyWiper wiper{key};
    // Two rounds at most: if another process creates the file between our read and our create,
    // the second read finds it.
    for (int round = 0; round < 2; ++round) {
        auto existing = readKey(keyPath, key);
        if (!existing)
            return existing.error();
        if (*existing)
            return SealedBox(key);
        auto created = createKey(keyPath, key);
        if (!created)
            return created.error();
        if (*created)
            return SealedBox(key);
    }
    return fail(ErrorCode::io, "key file " + keyPath + " appeared and vanished while it was being created");
}

Expected<SealedBox> SealedBox::loadKey(const std::string& keyPath) {
    Key key{};
    KeyWiper wiper{key};
    auto existing = readKey(keyPath, key);
    if (!existing)
        return existing.error();
    if (!*existing)
        return fail(ErrorCode::notFound, "key file " + keyPath + " does not exist");
    return SealedBox(key);
}

SealedBox::SealedBox(SealedBox&& other) noexcept : key_(other.key_) {
    OPENSSL_cleanse(other.key_.data(), other.key_.size());
}

SealedBox& SealedBox::operator=(SealedBox&& other) noexcept {
    if (this != &other) {
        key_ = other.key_;
        OPENSSL_cleanse(other.key_.data(), other.key_.size());
    }
    return *this;
}

SealedBox::~SealedBox() {
    OPENSSL_cleanse(key_.data(), key_.size());
}

Expected<std::vector<std::uint8_t>> SealedBox::seal(std::string_view plaintext,
                                                    std::string_view associatedData) const {
    if (!fitsInt(plaintext.size()) || !fitsInt(associatedData.size()))
        return fail(ErrorCode::invalidInput,
                    "sealing: " + std::to_string(plaintext.size()) + " bytes is too large");

    std::vector<std::uint8_t> blob(kOverhead + plaintext.size());
    blob[0] = kVersion;
    std::uint8_t* nonce = blob.data() + 1;
    std::uint8_t* ciphertext = nonce + kNonceSize;
    std::uint8_t* tag = ciphertext + plaintext.size();
    if (RAND_bytes(nonce, static_cast<int>(kNonceSize)) != 1)
        return fail(ErrorCode::crypto, "sealing: generating a nonce: " + opensslReason());

    CipherPtr ctx(EVP_CIPHER_CTX_new());
    int length = 0;
    const bool ok =
        ctx != nullptr && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kNonceSize), nullptr) == 1 &&
        EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key_.data(), nonce) == 1 &&
        (associatedData.empty() ||
         EVP_EncryptUpdate(ctx.get(), nullptr, &length,
                           reinterpret_cast<const unsigned char*>(associatedData.data()),
                           static_cast<int>(associatedData.size())) == 1) &&
        (plaintext.empty() || EVP_EncryptUpdate(ctx.get(), ciphertext, &length,
                                                reinterpret_cast<const unsigned char*>(plaintext.data()),
                                                static_cast<int>(plaintext.size())) == 1) &&
        EVP_EncryptFinal_ex(ctx.get(), ciphertext + (plaintext.empty() ? 0 : length), &length) == 1 &&
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagSize), tag) == 1;
    if (!ok)
        return fail(ErrorCode::crypto, "sealing: " + opensslReason());
    return blob;
}

Expected<std::string> SealedBox::open(std::span<const std::uint8_t> blob,
                                      std::string_view associatedData) const {
    if (blob.size() < kOverhead)
        return fail(ErrorCode::crypto, "opening a sealed blob: truncated (" + std::to_string(blob.size()) +
                                           " bytes, at least " + std::to_string(kOverhead) + " needed)");
    if (blob[0] != kVersion)
        return fail(ErrorCode::crypto,
                    "opening a sealed blob: unknown format version " + std::to_string(blob[0]));
    const std::size_t ciphertextSize = blob.size() - kOverhead;
    if (!fitsInt(ciphertextSize) || !fitsInt(associatedData.size()))
        return fail(ErrorCode::crypto, "opening a sealed blob: too large");
    const std::uint8_t* nonce = blob.data() + 1;
    const std::uint8_t* ciphertext = nonce + kNonceSize;
    std::array<std::uint8_t, kTagSize> tag{};
    std::memcpy(tag.data(), ciphertext + ciphertextSize, kTagSize);

    std::string plaintext(ciphertextSize, '\0');
    auto* out = reinterpret_cast<unsigned char*>(plaintext.data());
    CipherPtr ctx(EVP_CIPHER_CTX_new());
    int length = 0;
    const bool prepared =
        ctx != nullptr && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kNonceSize), nullptr) == 1 &&
        EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, key_.data(), nonce) == 1 &&
        (associatedData.empty() ||
         EVP_DecryptUpdate(ctx.get(), nullptr, &length,
                           reinterpret_cast<const unsigned char*>(associatedData.data()),
                           static_cast<int>(associatedData.size())) == 1) &&
        (ciphertextSize == 0 ||
         EVP_DecryptUpdate(ctx.get(), out, &length, ciphertext, static_cast<int>(ciphertextSize)) == 1) &&
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagSize), tag.data()) == 1;
    if (!prepared) {
        OPENSSL_cleanse(plaintext.data(), plaintext.size());
        return fail(ErrorCode::crypto, "opening a sealed blob: " + opensslReason());
    }
    if (EVP_DecryptFinal_ex(ctx.get(), out + (ciphertextSize == 0 ? 0 : length), &length) != 1) {
        OPENSSL_cleanse(plaintext.data(), plaintext.size());
        ERR_clear_error();
        return fail(
            ErrorCode::crypto,
            "opening a sealed blob: authentication failed (tampered with, or sealed under another key or "
            "other associated data)");
    }
    return plaintext;
}

}  // namespace yimen::kiosk::store
