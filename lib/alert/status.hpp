#pragma once
// The four plugin states as a check's exit code gives them, and their names.
#include <optional>
#include <string>
#include <string_view>

namespace virtcheck::alert {

enum class Status { Ok = 0, Warning = 1, Critical = 2, Unknown = 3 };

std::string_view status_name(Status status);  // "OK", "WARNING", "CRITICAL", "UNKNOWN"
std::optional<Status> status_from_name(std::string_view name);
std::optional<Status> status_from_code(long code);  // 0..3, else nothing

}  // namespace virtcheck::alert
