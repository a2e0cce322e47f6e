#include "core/number.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace virtcheck {

std::string format_number(double value, int decimals) {
    if (value == 0 || !std::isfinite(value)) value = 0;  // also turns -0 into 0
    decimals = std::clamp(decimals, 0, 6);
    char buf[400];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, decimals);
    if (ec != std::errc{}) return "0";
    std::string text(buf, end);
    if (text.find('.') != std::string::npos) {
        text.erase(text.find_last_not_of('0') + 1);
        if (text.back() == '.') text.pop_back();
    }
    if (text == "-0") text = "0";
    return text;
}

std::string fixed_text(double value, int decimals) {
    decimals = std::clamp(decimals, 0, 17);
    if (std::isnan(value)) return std::signbit(value) ? "-nan" : "nan";
    char buf[400];  // the largest double has 309 digits
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, decimals);
    if (ec != std::errc{}) return std::signbit(value) ? "-inf" : "inf";  // cannot happen for a finite value
    return std::string(buf, end);
}

std::optional<NumberPrefix> read_number_prefix(std::string_view text) {
    std::size_t i = 0;
    if (i < text.size() && text[i] == '-') ++i;
    std::size_t digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
    if (i < text.size() && text[i] == '.') {
        ++i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
    }
    if (digits == 0) return std::nullopt;
    double value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + i, value, std::chars_format::fixed);
    if (ec != std::errc{} || ptr != text.data() + i || !std::isfinite(value)) return std::nullopt;
    return NumberPrefix{value, i};
}

}  // namespace virtcheck
