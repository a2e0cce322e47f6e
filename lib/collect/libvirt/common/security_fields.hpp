#pragma once
// What both clients' readers of check_vm_security's XML share: the CPU features a host
// offers, the bounds against hostile documents, and how ports, PCI/USB ids and firmware
// names are read from attribute text.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace virtcheck::libvirt {

struct HostCpuFeatures {
    bool found = false;  // the document had the CPU it was read for
    std::string model{};
    std::vector<std::string> features{};
};

namespace security_fields {

// libvirt's own XML is far smaller.
inline constexpr std::size_t max_xml_bytes = 16 * 1024 * 1024;
inline constexpr std::size_t max_items = 1024;  // of each list

inline std::optional<int> port_of(const std::string& text) {
    int port = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (ec != std::errc{} || end != text.data() + text.size() || port <= 0 || port > 65535) return std::nullopt;
    return port;
}

inline bool contains_any(std::string text, std::initializer_list<const char*> parts) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return std::any_of(parts.begin(), parts.end(), [&](const char* part) { return text.find(part) != std::string::npos; });
}

// "0x0000" -> "0000", padded to `width` hex digits; the raw text when it is not hex.
inline std::string hex_field(const std::string& text, std::size_t width) {
    std::string digits = text.starts_with("0x") || text.starts_with("0X") ? text.substr(2) : text;
    if (digits.empty() || digits.size() > 8 ||
        !std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isxdigit(c); }))
        return text;
    std::transform(digits.begin(), digits.end(), digits.begin(), [](unsigned char c) { return std::tolower(c); });
    return digits.size() < width ? std::string(width - digits.size(), '0') + digits : digits;
}

}  // namespace security_fields
}  // namespace virtcheck::libvirt
