#pragma once
// Locale-free number reading and writing for thresholds and perfdata.
#include <optional>
#include <string>
#include <string_view>

namespace virtcheck {

// Plain decimal: at most `decimals` (0-6) fractional digits, rounded, no exponent, no trailing
// zeros ("0.25", "1024"). Six is the most the plugin guidelines allow in perfdata.
std::string format_number(double value, int decimals = 6);

// What printf's "%.Nf" writes in the C locale (trailing zeros kept, "nan", "-inf"), without
// printf: the texts of a thousand-VM run are thousands of these, and glibc's printf costs
// several times what to_chars does.
std::string fixed_text(double value, int decimals);

// Reads the longest plain decimal prefix of text ("-12.5" of "-12.5GiB"): optional '-', digits,
// optional fraction. No exponent, no "inf"/"nan", no leading '+'. Returns the characters used.
struct NumberPrefix {
    double value = 0;
    std::size_t length = 0;
};
std::optional<NumberPrefix> read_number_prefix(std::string_view text);

}  // namespace virtcheck
