// Error values and Expected<T>: how every module boundary reports failure.
#pragma once

#include <cassert>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace yimen {

// Stable error codes. The platform's JSON error codes map onto these where they cross the wire.
enum class ErrorCode {
    invalidInput,  // malformed data from a device, the network or a file
    notFound,      // the thing asked for does not exist
    conflict,      // state does not allow the operation
    io,            // file or device I/O failed
    timeout,       // a step took longer than its limit
    unavailable,   // peer unreachable or refused the connection
    tls,           // TLS handshake or certificate verification failed
    rejected,      // the peer understood and refused (4xx other than 408/429)
    serverError,   // the peer failed (5xx) or answered nonsense
    device,        // a device reported a fault (paper out, cover open, ...)
    crypto,        // encryption, decryption or key handling failed
    database,      // SQLite reported an error
    internal,      // a bug: should never happen
};

const char* toString(ErrorCode code);

// The system's text for an errno value ("No such file or directory"). Unlike std::strerror, safe on any
// thread.
std::string errnoText(int error);

// An error: a code, a message, and the context added as it travelled up ("submitting: connect: refused").
struct Error {
    ErrorCode code = ErrorCode::internal;
    std::string message;

    Error() = default;
    Error(ErrorCode c, std::string m) : code(c), message(std::move(m)) {}

    // Prefixes what was being done: Error{io,"disk full"}.withContext("saving receipt") -> "saving receipt:
    // disk full".
    [[nodiscard]] Error withContext(const std::string& what) const& { return {code, what + ": " + message}; }
    [[nodiscard]] Error withContext(const std::string& what) && {
        message = what + ": " + message;
        return std::move(*this);
    }
    [[nodiscard]] std::string describe() const { return std::string(toString(code)) + ": " + message; }
};

// Tag to build a failed Expected: return fail(ErrorCode::io, "...").
struct Unexpected {
    Error error;
};
[[nodiscard]] inline Unexpected fail(Error e) {
    return {std::move(e)};
}
[[nodiscard]] inline Unexpected fail(ErrorCode c, std::string m) {
    return {Error{c, std::move(m)}};
}

// A value or an Error. A small stand-in for std::expected (not in C++20 / libstdc++ 12 without -std=c++2b).
template <typename T>
class [[nodiscard]] Expected {
public:
    Expected(T value) : v_(std::in_place_index<0>, std::move(value)) {}
    Expected(Unexpected u) : v_(std::in_place_index<1>, std::move(u.error)) {}
    Expected(Error e) : v_(std::in_place_index<1>, std::move(e)) {}

    bool hasValue() const { return v_.index() == 0; }
    explicit operator bool() const { return hasValue(); }

    T& value() & {
        assert(hasValue());
        return std::get<0>(v_);
    }
    const T& value() const& {
        assert(hasValue());
        return std::get<0>(v_);
    }
    T&& value() && {
        assert(hasValue());
        return std::get<0>(std::move(v_));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const {
        assert(!hasValue());
        return std::get<1>(v_);
    }
    Error& error() {
        assert(!hasValue());
        return std::get<1>(v_);
    }

    template <typename U>
    T valueOr(U&& fallback) const& {
        return hasValue() ? value() : static_cast<T>(std::forward<U>(fallback));
    }

private:
    std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Expected<void> {
public:
    Expected() = default;
    Expected(Unexpected u) : error_(std::move(u.error)), ok_(false) {}
    Expected(Error e) : error_(std::move(e)), ok_(false) {}

    bool hasValue() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const Error& error() const {
        assert(!ok_);
        return error_;
    }
    Error& error() {
        assert(!ok_);
        return error_;
    }

private:
    Error error_;
    bool ok_ = true;
};

using Status = Expected<void>;

}  // namespace yimen
