#pragma once
// The device names (and disk types) both clients read from a domain's XML.
#include <string>
#include <vector>

namespace virtcheck::libvirt {

struct DiskDevice {
    std::string target;  // "vda"
    std::string source;  // file, device, network name or volume
    std::string type;    // how it is backed: "file", "block", "network", "volume", ...
    bool operator==(const DiskDevice&) const = default;
};

struct DomainDevices {
    std::vector<DiskDevice> disks;
    std::vector<std::string> interfaces;  // target dev of each interface
};

}  // namespace virtcheck::libvirt
