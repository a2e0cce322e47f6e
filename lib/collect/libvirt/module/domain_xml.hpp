#pragma once
// The few device names the per-domain fallback needs from a domain's XML (read with libxml2).
#include <string>
#include <string_view>
#include <vector>

namespace virtcheck::libvirt {

struct DomainDevices {
    std::vector<std::pair<std::string, std::string>> disks;  // (target dev, source file/dev/name)
    std::vector<std::string> interfaces;                      // target dev of each interface
};

// Unreadable XML gives no devices (the metrics are then reported as unavailable).
DomainDevices parse_domain_devices(std::string_view xml);

}  // namespace virtcheck::libvirt
