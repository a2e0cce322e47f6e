#pragma once
// Reading the host capabilities XML (virConnectGetCapabilities) with libxml2.
#include <string_view>

#include "collect/libvirt/libvirt.hpp"

namespace virtcheck::libvirt {

// Host arch and the domain types offered for it. Throws CollectError(Failed) on bad XML.
model::Capabilities parse_capabilities(std::string_view xml);

}  // namespace virtcheck::libvirt
