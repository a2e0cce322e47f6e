#include "core/text.hpp"

#include <array>
#include <cmath>
#include <cstdio>

#include "core/number.hpp"

namespace virtcheck {
namespace {

// Length of the valid UTF-8 sequence at the start of s, or 0 when it is not one.
std::size_t utf8_sequence_length(std::string_view s) {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    auto continuation = [&](std::size_t i) { return i < s.size() && (byte(i) & 0xC0) == 0x80; };
    unsigned char lead = byte(0);
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) return continuation(1) ? 2 : 0;
    if (lead >= 0xE0 && lead <= 0xEF) {
        if (!continuation(1) || !continuation(2)) return 0;
        if (lead == 0xE0 && byte(1) < 0xA0) return 0;  // overlong
        if (lead == 0xED && byte(1) > 0x9F) return 0;  // surrogates
        return 3;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        if (!continuation(1) || !continuation(2) || !continuation(3)) return 0;
        if (lead == 0xF0 && byte(1) < 0x90) return 0;
        if (lead == 0xF4 && byte(1) > 0x8F) return 0;
        return 4;
    }
    return 0;
}

void append_hex(std::string& out, unsigned char c) {
    char buf[5];
    std::snprintf(buf, sizeof buf, "\\x%02X", c);
    out += buf;
}

// The code point of a valid sequence of `length` bytes.
char32_t decode(std::string_view s, std::size_t length) {
    auto byte = [&](std::size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(s[i])); };
    switch (length) {
        case 1: return byte(0);
        case 2: return (byte(0) & 0x1F) << 6 | (byte(1) & 0x3F);
        case 3: return (byte(0) & 0x0F) << 12 | (byte(1) & 0x3F) << 6 | (byte(2) & 0x3F);
        default: return (byte(0) & 0x07) << 18 | (byte(1) & 0x3F) << 12 | (byte(2) & 0x3F) << 6 | (byte(3) & 0x3F);
    }
}

void append_code_point(std::string& out, char32_t code_point) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(code_point));
    out += buf;
}

}  // namespace

bool is_unsafe_character(char32_t c) {
    return (c >= 0x80 && c <= 0x9F) || c == 0x061C || c == 0x200E || c == 0x200F || c == 0x2028 || c == 0x2029 ||
           (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

std::string escape_unsafe_characters(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    while (!text.empty()) {
        std::size_t length = utf8_sequence_length(text);
        if (length > 1 && is_unsafe_character(decode(text, length))) append_code_point(out, decode(text, length));
        else out.append(text.substr(0, length == 0 ? 1 : length));
        text.remove_prefix(length == 0 ? 1 : length);
    }
    return out;
}

std::string escape_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    while (!text.empty()) {
        unsigned char c = static_cast<unsigned char>(text.front());
        std::size_t length = utf8_sequence_length(text);
        if (c == '|')
            out += "\u00a6";
        else if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += ' ';
        else if (length == 0 || c < 0x20 || c == 0x7F)
            append_hex(out, c);
        else if (length > 1 && is_unsafe_character(decode(text, length)))
            append_code_point(out, decode(text, length));
        else
            out.append(text.substr(0, length));
        text.remove_prefix(length == 0 ? 1 : length);
    }
    return out;
}

std::string_view cut_utf8(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end);
}

std::string human_bytes(double bytes) {
    constexpr std::array units{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    std::size_t i = 0;
    while (bytes >= 1024 && i + 1 < units.size()) bytes /= 1024, ++i;
    return fixed_text(bytes, i == 0 ? 0 : 1) + " " + units[i];
}

std::string human_seconds(double seconds) {
    if (!std::isfinite(seconds)) return "unknown";
    // A negative duration (a clock that went back) reads as one; never cast it to an integer.
    if (seconds < 0) return "-" + human_seconds(-seconds);
    char buf[48];
    // Response times in ms or s; ages (of snapshots, say) in the two largest whole units.
    // Days in floating point: an age from outside may be past what a long long holds.
    const auto whole = seconds < 86400 ? static_cast<long long>(seconds) : 0;
    if (seconds < 1) return fixed_text(seconds * 1000, 1) + " ms";
    if (seconds < 60) return fixed_text(seconds, 2) + " s";
    if (seconds < 3600)
        std::snprintf(buf, sizeof buf, "%lldm %llds", whole / 60, whole % 60);
    else if (seconds < 86400)
        std::snprintf(buf, sizeof buf, "%lldh %lldm", whole / 3600, whole % 3600 / 60);
    else
        std::snprintf(buf, sizeof buf, "%.0fd %.0fh", std::floor(seconds / 86400), std::floor(std::fmod(seconds, 86400) / 3600));
    return buf;
}

}  // namespace virtcheck
