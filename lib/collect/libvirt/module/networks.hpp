#pragma once
// Virtual networks: state, bridge, and how full their DHCP ranges are.
#include <libvirt/libvirt.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "collect/libvirt/libvirt.hpp"

namespace virtcheck::libvirt {

// What a network's XML says about its bridge and DHCP ranges (read with libxml2).
struct NetworkDefinition {
    std::string bridge;
    std::vector<std::pair<std::string, std::string>> dhcp_ranges;  // (start, end) addresses
};
NetworkDefinition parse_network_definition(std::string_view xml);

// Addresses from start to end inclusive, IPv4 or IPv6; 0 for unreadable or reversed ranges.
double range_size(const std::string& start, const std::string& end);

// Whether `address` lies in one of the ranges.
bool in_ranges(const std::string& address, const std::vector<std::pair<std::string, std::string>>& ranges);

std::vector<model::Network> collect_networks(virConnectPtr connection, const std::string& uri, Progress& progress);

}  // namespace virtcheck::libvirt
