#pragma once
// The device names the per-domain statistics fallback reads from a domain's XML.
#include <string>
#include <utility>
#include <vector>

namespace virtcheck::libvirt {

struct DomainDevices {
    std::vector<std::pair<std::string, std::string>> disks;  // (target dev, source file/dev/name)
    std::vector<std::string> interfaces;                      // target dev of each interface
};

}  // namespace virtcheck::libvirt
