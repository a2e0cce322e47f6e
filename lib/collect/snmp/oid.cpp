// OIDs as numbers and text; compiled into the checks and into the module.
#include <algorithm>
#include <charconv>

#include "collect/snmp/snmp.hpp"

namespace virtcheck::snmp {

std::optional<Oid> parse_oid(std::string_view text) {
    if (text.starts_with(".")) text.remove_prefix(1);
    Oid oid;
    while (!text.empty()) {
        std::uint32_t arc = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), arc);
        if (ec != std::errc{} || end == text.data()) return std::nullopt;
        oid.push_back(arc);
        text.remove_prefix(static_cast<std::size_t>(end - text.data()));
        if (text.empty()) break;
        if (text.front() != '.' || text.size() == 1) return std::nullopt;
        text.remove_prefix(1);
    }
    if (oid.size() < 2 || oid.size() > 128) return std::nullopt;
    return oid;
}

std::string to_string(const Oid& oid) {
    std::string text;
    for (auto arc : oid) text += (text.empty() ? "" : ".") + std::to_string(arc);
    return text;
}

bool within(const Oid& oid, const Oid& subtree) {
    return oid.size() >= subtree.size() && std::equal(subtree.begin(), subtree.end(), oid.begin());
}

}  // namespace virtcheck::snmp
