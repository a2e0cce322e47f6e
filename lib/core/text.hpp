#pragma once
// Making text safe for plugin output, and friendly numbers for humans.
#include <cstdint>
#include <string>
#include <string_view>

namespace virtcheck {

// Text from outside (VM names, hypervisor messages) may hold '|' (which would start perfdata),
// newlines (which would forge extra output lines), control bytes or invalid UTF-8.
// '|' becomes U+00A6 BROKEN BAR, newline "\n", other control bytes and invalid UTF-8 "\xNN".
std::string escape_text(std::string_view text);

// Cuts text to at most `max_bytes` without splitting a UTF-8 sequence.
std::string_view cut_utf8(std::string_view text, std::size_t max_bytes);

// 25165824000 -> "23.4 GiB"
std::string human_bytes(double bytes);

// 0.0042 -> "4.2 ms", 3.5 -> "3.50 s"
std::string human_seconds(double seconds);

}  // namespace virtcheck
