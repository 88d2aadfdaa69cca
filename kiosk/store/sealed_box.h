// AES-256-GCM sealing of personal data at rest, under a key file only the kiosk user can read.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace yimen::kiosk::store {

// A sealed blob is: version byte (1) | 12-byte random nonce | ciphertext | 16-byte GCM tag.
// The associated data is authenticated but not stored: opening needs the same associated data, so a blob
// moved to another entry (another idempotency key) does not open.
//
// Immutable after loading; seal and open may be called from any thread at the same time.
// Move-only; the key bytes are wiped when a SealedBox is destroyed or moved from.
class SealedBox {
public:
    static constexpr std::size_t kKeySize = 32;
    static constexpr std::size_t kNonceSize = 12;
    static constexpr std::size_t kTagSize = 16;
    static constexpr std::uint8_t kVersion = 1;
    static constexpr std::size_t kOverhead = 1 + kNonceSize + kTagSize;

    // Reads the 32-byte key from keyPath. If the file does not exist, creates it with fresh random bytes,
    // mode 0600 (its directory too, mode 0700), written completely before it appears under its name.
    // Errors: crypto if the key file is readable or writable by group or others, is not a regular file,
    // or is not exactly 32 bytes (nothing is overwritten); io if it cannot be read or created.
    [[nodiscard]] static Expected<SealedBox> loadOrCreateKey(const std::string& keyPath);
    // Reads an existing key file and never creates one: notFound when it does not exist, otherwise the
    // errors of loadOrCreateKey.
    [[nodiscard]] static Expected<SealedBox> loadKey(const std::string& keyPath);

    // Encrypts under a fresh random nonce. Errors: crypto if OpenSSL fails, invalidInput if the plaintext
    // is larger than a single GCM message may be here (2 GiB).
    [[nodiscard]] Expected<std::vector<std::uint8_t>> seal(std::string_view plaintext,
                                                           std::string_view associatedData) const;

    // Errors: crypto when the blob is truncated, has an unknown version byte, was tampered with, or was
    // sealed under another key or other associated data. Nothing of the plaintext is returned on failure.
    [[nodiscard]] Expected<std::string> open(std::span<const std::uint8_t> blob,
                                             std::string_view associatedData) const;

    SealedBox(SealedBox&& other) noexcept;
    SealedBox& operator=(SealedBox&& other) noexcept;
    SealedBox(const SealedBox&) = delete;
    SealedBox& operator=(const SealedBox&) = delete;
    ~SealedBox();

private:
    explicit SealedBox(const std::array<std::uint8_t, kKeySize>& key) : key_(key) {}
    std::array<std::uint8_t, kKeySize> key_;
};

}  // namespace yimen::kiosk::store
