#pragma once
// Dotted version numbers ("9.0.0", "7.2") for --min-version style options.
#include <compare>
#include <optional>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace virtcheck {

struct Version {
    std::vector<std::uint64_t> parts;  // "7.2.1" -> {7, 2, 1}

    // Missing trailing parts count as 0, so 7.2 == 7.2.0.
    std::strong_ordering operator<=>(const Version& other) const;
    bool operator==(const Version& other) const { return (*this <=> other) == 0; }
    std::string to_string() const;
};

// Throws std::invalid_argument unless text is N[.N]... (at most 4 parts).
Version parse_version(std::string_view text);

// For options like --min-version: empty text means "not given". Throws UsageError.
std::optional<Version> version_option(const std::string& text, std::string_view option);

// libvirt packs versions as major * 1,000,000 + minor * 1,000 + release.
Version unpack_libvirt_version(std::uint64_t packed);

}  // namespace virtcheck
