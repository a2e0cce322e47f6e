#pragma once
// The few device names the per-domain fallback needs from a domain's XML (read with libxml2).
#include <string>
#include <string_view>
#include <vector>

namespace virtcheck::libvirt {

struct DiskDevice {
    std::string target;  // "vda"
    std::string source;  // file, device, network name or volume
    std::string type;    // how it is backed: "file", "block", "network", "volume", ...
};

struct DomainDevices {
    std::vector<DiskDevice> disks;
    std::vector<std::string> interfaces;  // target dev of each interface
};

// Unreadable XML gives no devices (the metrics are then reported as unavailable).
DomainDevices parse_domain_devices(std::string_view xml);

}  // namespace virtcheck::libvirt
