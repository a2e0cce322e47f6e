#pragma once
// Locale-free number reading and writing for thresholds and perfdata.
#include <optional>
#include <string>
#include <string_view>

namespace virtcheck {

// Plain decimal: at most 9 fractional digits, no exponent, no trailing zeros ("0.25", "1024").
std::string format_number(double value);

// Reads the longest plain decimal prefix of text ("-12.5" of "-12.5GiB"): optional '-', digits,
// optional fraction. No exponent, no "inf"/"nan", no leading '+'. Returns the characters used.
struct NumberPrefix {
    double value = 0;
    std::size_t length = 0;
};
std::optional<NumberPrefix> read_number_prefix(std::string_view text);

}  // namespace virtcheck
