#pragma once
// One look at the hypervisor: connect, read the host facts, and time the round trip.
#include <optional>
#include <string>

#include "collect/libvirt/libvirt.hpp"

namespace virtcheck::libvirt {

struct HypervisorProbe {
    std::string uri;
    HostInfo host;
    std::optional<Capabilities> capabilities;  // read only when asked for
    double seconds = 0;                        // connect + queries, monotonic clock
};

HypervisorProbe probe_hypervisor(const std::string& uri, Progress& progress, bool with_capabilities);

}  // namespace virtcheck::libvirt
