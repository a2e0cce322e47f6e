#pragma once
// Making text safe for plugin output, and friendly numbers for humans.
#include <cstdint>
#include <string>
#include <string_view>

namespace virtcheck {

// Text from outside (VM names, hypervisor messages) may hold '|' (which would start perfdata),
// newlines (which would forge extra output lines), control bytes or invalid UTF-8.
// '|' becomes U+00A6 BROKEN BAR, newline "\n", other control bytes and invalid UTF-8 "\xNN",
// and the characters of is_unsafe_character() "\uXXXX".
std::string escape_text(std::string_view text);

// Characters that end a line or reorder text in tools that honour Unicode: C1 controls (with
// NEL, U+0085), LINE and PARAGRAPH SEPARATOR (U+2028, U+2029) and the bidi controls
// (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069). No output carries them raw.
bool is_unsafe_character(char32_t code_point);

// `utf8` with each unsafe character written as "\uXXXX", all else as it is: for JSON, whose
// strings read such an escape back as the character.
std::string escape_unsafe_characters(std::string_view utf8);

// Cuts text to at most `max_bytes` without splitting a UTF-8 sequence.
std::string_view cut_utf8(std::string_view text, std::size_t max_bytes);

// 25165824000 -> "23.4 GiB"
std::string human_bytes(double bytes);

// 0.0042 -> "4.2 ms", 3.5 -> "3.50 s"
std::string human_seconds(double seconds);

// A line of a configuration file without the spaces, tabs and carriage return around it.
inline std::string trim_line(std::string_view line) {
    auto first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return "";
    return std::string(line.substr(first, line.find_last_not_of(" \t\r") - first + 1));
}

}  // namespace virtcheck
