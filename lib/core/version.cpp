#include "core/version.hpp"

#include <charconv>
#include <stdexcept>

#include "core/errors.hpp"

namespace virtcheck {

std::strong_ordering Version::operator<=>(const Version& other) const {
    auto n = std::max(parts.size(), other.parts.size());
    for (std::size_t i = 0; i < n; ++i) {
        auto a = i < parts.size() ? parts[i] : 0;
        auto b = i < other.parts.size() ? other.parts[i] : 0;
        if (a != b) return a <=> b;
    }
    return std::strong_ordering::equal;
}

std::string Version::to_string() const {
    std::string text;
    for (auto part : parts) text += (text.empty() ? "" : ".") + std::to_string(part);
    return text;
}

Version parse_version(std::string_view text) {
    const std::string bad = "'" + std::string(text) + "' is not a version (expected e.g. 9.0 or 7.2.1)";
    Version version;
    while (true) {
        std::uint64_t part = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), part);
        if (ec != std::errc{} || end == text.data()) throw std::invalid_argument(bad);
        version.parts.push_back(part);
        text.remove_prefix(end - text.data());
        if (text.empty()) break;
        if (text.front() != '.' || version.parts.size() == 4) throw std::invalid_argument(bad);
        text.remove_prefix(1);
    }
    return version;
}

std::optional<Version> version_option(const std::string& text, std::string_view option) {
    if (text.empty()) return std::nullopt;
    try {
        return parse_version(text);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string(option) + ": " + e.what());
    }
}

Version unpack_libvirt_version(std::uint64_t packed) {
    return Version{{packed / 1000000, packed / 1000 % 1000, packed % 1000}};
}

}  // namespace virtcheck
