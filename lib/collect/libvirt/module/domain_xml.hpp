#pragma once
// The few device names the per-domain fallback needs from a domain's XML (read with libxml2).
#include <string>
#include <string_view>
#include <vector>

#include "collect/libvirt/common/domain_devices.hpp"

namespace virtcheck::libvirt {

// Unreadable XML gives no devices (the metrics are then reported as unavailable).
DomainDevices parse_domain_devices(std::string_view xml);

}  // namespace virtcheck::libvirt
