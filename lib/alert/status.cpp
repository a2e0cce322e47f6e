#include "alert/status.hpp"

namespace virtcheck::alert {

std::string_view status_name(Status status) {
    switch (status) {
        case Status::Ok: return "OK";
        case Status::Warning: return "WARNING";
        case Status::Critical: return "CRITICAL";
        case Status::Unknown: return "UNKNOWN";
    }
    return "UNKNOWN";
}

std::optional<Status> status_from_name(std::string_view name) {
    for (long code = 0; code <= 3; ++code)
        if (status_name(static_cast<Status>(code)) == name) return static_cast<Status>(code);
    return std::nullopt;
}

std::optional<Status> status_from_code(long code) {
    if (code < 0 || code > 3) return std::nullopt;
    return static_cast<Status>(code);
}

}  // namespace virtcheck::alert
