#include "core/range.hpp"

#include <cmath>

#include "core/number.hpp"

namespace virtcheck {
namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

[[noreturn]] void reject(std::string_view text, std::string_view why) {
    throw ThresholdError("invalid range '" + std::string(text) + "': " + std::string(why));
}

double read_endpoint(std::string_view whole, std::string_view part, Unit unit) {
    auto number = read_number_prefix(part);
    if (!number) reject(whole, "'" + std::string(part) + "' is not a number");
    try {
        return number->value * unit_factor(part.substr(number->length), unit);
    } catch (const ThresholdError& e) {
        reject(whole, e.what());
    }
}

}  // namespace

bool Range::alerts(double value) const {
    bool inside = start <= value && value <= end;
    return alert_inside ? inside : !inside;
}

std::string Range::to_string() const {
    std::string text = alert_inside ? "@" : "";
    if (start == -infinity)
        text += "~:";
    else if (start != 0 || end == infinity)
        text += format_number(start) + ":";
    if (end != infinity) text += format_number(end);
    return text;
}

Range parse_range(std::string_view text, Unit unit) {
    const std::string_view whole = text;
    if (text.empty()) reject(whole, "empty");
    Range range;
    if (text.front() == '@') {
        range.alert_inside = true;
        text.remove_prefix(1);
    }
    if (text.empty()) reject(whole, "nothing after '@'");
    auto colon = text.find(':');
    if (colon == std::string_view::npos) {
        range.end = read_endpoint(whole, text, unit);
    } else {
        auto start = text.substr(0, colon);
        auto end = text.substr(colon + 1);
        if (start.empty() && end.empty()) reject(whole, "needs a start or an end");
        if (start == "~")
            range.start = -infinity;
        else if (!start.empty())
            range.start = read_endpoint(whole, start, unit);
        if (!end.empty()) range.end = read_endpoint(whole, end, unit);
    }
    if (range.start > range.end) reject(whole, "start is greater than end");
    return range;
}

}  // namespace virtcheck
