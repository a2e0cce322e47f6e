#pragma once
// What a virtual network's XML says about its bridge and DHCP ranges, and how big those
// ranges are: the same arithmetic for both libvirt clients.
#include <string>
#include <utility>
#include <vector>

namespace virtcheck::libvirt {

struct NetworkDefinition {
    std::string bridge;
    std::vector<std::pair<std::string, std::string>> dhcp_ranges;  // (start, end) addresses
};

// Addresses from start to end inclusive, IPv4 or IPv6; 0 for unreadable or reversed ranges.
double range_size(const std::string& start, const std::string& end);

// Whether `address` lies in one of the ranges.
bool in_ranges(const std::string& address, const std::vector<std::pair<std::string, std::string>>& ranges);

}  // namespace virtcheck::libvirt
