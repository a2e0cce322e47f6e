#include "core/clock.hpp"

#include <chrono>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/errors.hpp"
#include "core/number.hpp"

namespace virtcheck {

std::optional<double> clock_override() {
    const char* text = std::getenv("VIRTCHECK_NOW");
    if (!text || !*text) return std::nullopt;
    std::string_view view(text);
    auto number = read_number_prefix(view);
    if (!number || number->length != view.size() || number->value < 0)
        throw UsageError("VIRTCHECK_NOW='" + std::string(view) + "' is not a number of seconds since the epoch");
    return number->value;
}

double now_seconds() {
    if (auto fixed = clock_override()) return *fixed;
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace virtcheck
