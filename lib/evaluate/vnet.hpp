#pragma once
// check_vnet: virtual networks: active, bridge on the host, autostart, DHCP range use.
#include <vector>

#include "core/metric.hpp"
#include "core/result.hpp"
#include "core/selection.hpp"
#include "model/network.hpp"

namespace virtcheck {

namespace vnet {
inline const Metric dhcp_used{"dhcp_used", Unit::Percent,
                              "DHCP leases of each network, % of the addresses in its DHCP ranges"};
inline const Metric leases{"leases", Unit::Count, "current DHCP leases of each network"};
inline const MetricTable metrics{&dhcp_used, &leases};
}  // namespace vnet

// `require_autostart`: a persistent network that does not start with the host is WARNING.
Result evaluate_vnets(const std::vector<model::Network>& networks, const Selection& selection,
                      const ThresholdSet& thresholds, bool require_autostart);

}  // namespace virtcheck
