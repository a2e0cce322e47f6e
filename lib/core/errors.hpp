#pragma once
// Failures that end a check early. The runtime turns each into one output line:
// CollectError::Unreachable -> CRITICAL (the service is down), everything else -> UNKNOWN.
// Header-only on purpose: backend modules throw these across the dlopen boundary.
#include <stdexcept>
#include <string>

namespace virtcheck {

struct CollectError : std::runtime_error {
    enum class Kind {
        Unreachable,  // nothing answers where the service should be: the service is down
        Denied,       // authentication or permission refused
        Failed,       // anything else the data source reported
    };
    Kind kind;
    CollectError(Kind error_kind, const std::string& message)
        : std::runtime_error(message), kind(error_kind) {}
};

// The user asked for something that cannot be done as given (bad option value, bad URI).
struct UsageError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

}  // namespace virtcheck
