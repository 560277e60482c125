#pragma once
// Errors are values with a stable machine code, a French message for the person who sees it and
// an internal detail for the log only. Every layer of the service returns `Result<T>` instead of
// throwing for anything a caller must handle; the HTTP layer maps the category to a status code.
// Example:
//   return Error::invalid("invalid_siret", "Le numéro SIRET est invalide.", "employer.siret");

#include <string>
#include <utility>
#include <variant>

namespace formations {

enum class ErrorCategory {
    invalid_argument,        // 400: the request itself is wrong
    unauthenticated,         // 401
    forbidden,               // 403
    not_found,               // 404
    conflict,                // 409: the request clashes with the current state
    payload_too_large,       // 413
    unsupported_media_type,  // 415
    unprocessable,           // 422: well-formed but cannot be honoured (e.g. reused key)
    too_many_requests,       // 429: slow down (login throttling)
    unavailable,             // 503: retrying later may work (database down, pool exhausted)
    internal,                // 500: a bug; never for anything a client can send
};

struct Error {
    ErrorCategory category;
    std::string code;     // stable, machine-readable: "registration_closed"
    std::string message;  // French, shown to users
    std::string field;    // offending input field ("trainee.email"), or empty
    std::string detail;   // internal detail for the log, never sent to clients
    // 429 and 503: seconds after which trying again makes sense (Retry-After); 0: the default.
    int retry_after_seconds = 0;

    static Error invalid(std::string code, std::string message, std::string field = {}) {
        return {ErrorCategory::invalid_argument,
                std::move(code),
                std::move(message),
                std::move(field),
                {}};
    }
    static Error not_found(std::string code, std::string message) {
        return {ErrorCategory::not_found, std::move(code), std::move(message), {}, {}};
    }
    static Error conflict(std::string code, std::string message, std::string field = {}) {
        return {ErrorCategory::conflict, std::move(code), std::move(message), std::move(field), {}};
    }
    static Error unavailable(std::string detail) {
        return {ErrorCategory::unavailable,
                "service_unavailable",
                "Le service est momentanément indisponible. Veuillez réessayer dans quelques "
                "instants.",
                {},
                std::move(detail)};
    }
    static Error internal(std::string detail) {
        return {ErrorCategory::internal,
                "internal_error",
                "Une erreur interne est survenue. L'équipe technique a été prévenue.",
                {},
                std::move(detail)};
    }
};

// Either a value or an Error (std::expected arrives with C++23).
template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : state_(std::move(value)) {}
    Result(Error error) : state_(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<T>(state_); }
    const T& value() const { return std::get<T>(state_); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const Error& error() const { return std::get<Error>(state_); }

  private:
    std::variant<T, Error> state_;
};

struct Done {};

}  // namespace formations
