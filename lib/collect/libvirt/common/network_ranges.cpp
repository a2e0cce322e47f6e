#include "collect/libvirt/common/network_ranges.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <optional>

namespace virtcheck::libvirt {
namespace {

using Address = std::array<unsigned char, 16>;  // IPv4 in the first 4 bytes, family apart

struct ParsedAddress {
    int family;
    Address bytes;
};

std::optional<ParsedAddress> parse_address(const std::string& text) {
    ParsedAddress address{AF_INET, {}};
    if (inet_pton(AF_INET, text.c_str(), address.bytes.data()) == 1) return address;
    address.family = AF_INET6;
    if (inet_pton(AF_INET6, text.c_str(), address.bytes.data()) == 1) return address;
    return std::nullopt;
}

// last - first + 1 as a number: the difference is taken bytewise so that IPv6 ranges stay
// exact (a double holds a whole address only to 2^53).
double addresses_between(const ParsedAddress& first, const ParsedAddress& last) {
    std::size_t length = first.family == AF_INET ? 4 : 16;
    Address difference{};
    int borrow = 0;
    for (std::size_t i = length; i-- > 0;) {
        int byte = last.bytes[i] - first.bytes[i] - borrow;
        borrow = byte < 0;
        difference[i] = static_cast<unsigned char>(byte + (borrow ? 256 : 0));
    }
    double value = 0;
    for (std::size_t i = 0; i < length; ++i) value = value * 256 + difference[i];
    return value + 1;
}

}  // namespace

double range_size(const std::string& start, const std::string& end) {
    auto first = parse_address(start), last = parse_address(end);
    if (!first || !last || first->family != last->family || last->bytes < first->bytes) return 0;
    return addresses_between(*first, *last);
}

bool in_ranges(const std::string& address, const std::vector<std::pair<std::string, std::string>>& ranges) {
    auto parsed = parse_address(address);
    if (!parsed) return false;
    return std::any_of(ranges.begin(), ranges.end(), [&](const auto& range) {
        auto first = parse_address(range.first), last = parse_address(range.second);
        return first && last && first->family == parsed->family && last->family == parsed->family &&
               first->bytes <= parsed->bytes && parsed->bytes <= last->bytes;
    });
}

}  // namespace virtcheck::libvirt
