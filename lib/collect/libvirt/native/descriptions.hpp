#pragma once
// What the checks read from libvirt's XML descriptions, with the native XML reader. Each
// gives what the libxml2 version in module/ gives for the same text (tests compare both).
#include <string_view>

#include "collect/libvirt/common/domain_devices.hpp"
#include "collect/libvirt/common/network_ranges.hpp"
#include "collect/libvirt/libvirt.hpp"

namespace virtcheck::libvirt::native {

// Host arch and the domain types offered for it. Throws CollectError(Failed) on bad XML.
model::Capabilities read_capabilities(std::string_view xml);

// Bridge and DHCP ranges; nothing for unreadable XML.
NetworkDefinition read_network_definition(std::string_view xml);

// Name and creationTime; no time when unreadable.
model::Snapshot read_snapshot(std::string_view xml);

// Disk and interface targets for the per-domain fallback; none for unreadable XML.
DomainDevices read_domain_devices(std::string_view xml);

}  // namespace virtcheck::libvirt::native
