#pragma once
// Virtual networks: state, bridge, and how full their DHCP ranges are.
#include <libvirt/libvirt.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "collect/libvirt/common/network_ranges.hpp"
#include "collect/libvirt/libvirt.hpp"

namespace virtcheck::libvirt {

// What a network's XML says about its bridge and DHCP ranges (read with libxml2).
NetworkDefinition parse_network_definition(std::string_view xml);

std::vector<model::Network> collect_networks(virConnectPtr connection, const std::string& uri, Progress& progress);

}  // namespace virtcheck::libvirt
