#include "core/text.hpp"

#include <array>
#include <cstdio>

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

}  // namespace

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
    char buf[48];
    if (i == 0)
        std::snprintf(buf, sizeof buf, "%.0f %s", bytes, units[i]);
    else
        std::snprintf(buf, sizeof buf, "%.1f %s", bytes, units[i]);
    return buf;
}

std::string human_seconds(double seconds) {
    char buf[48];
    // Response times in ms or s; ages (of snapshots, say) in the two largest whole units.
    const auto whole = static_cast<long long>(seconds);
    if (seconds < 1)
        std::snprintf(buf, sizeof buf, "%.1f ms", seconds * 1000);
    else if (seconds < 60)
        std::snprintf(buf, sizeof buf, "%.2f s", seconds);
    else if (seconds < 3600)
        std::snprintf(buf, sizeof buf, "%lldm %llds", whole / 60, whole % 60);
    else if (seconds < 86400)
        std::snprintf(buf, sizeof buf, "%lldh %lldm", whole / 3600, whole % 3600 / 60);
    else
        std::snprintf(buf, sizeof buf, "%lldd %lldh", whole / 86400, whole % 86400 / 3600);
    return buf;
}

}  // namespace virtcheck
