#pragma once
// check_vnet: virtual networks: active, bridge on the host, autostart, DHCP range use.
#include <vector>

#include "collect/libvirt/libvirt.hpp"
#include "core/result.hpp"
#include "core/selection.hpp"
#include "core/threshold.hpp"

namespace virtcheck {

struct VnetRules {
    Thresholds dhcp_used;  // -w/-c: current leases, % of the DHCP ranges
    Thresholds leases;     // current leases, a count
    bool require_autostart = false;  // a persistent network that does not start with the host: WARNING
};

Result evaluate_vnets(const std::vector<libvirt::NetworkInfo>& networks, const Selection& selection,
                      const VnetRules& rules);

}  // namespace virtcheck
