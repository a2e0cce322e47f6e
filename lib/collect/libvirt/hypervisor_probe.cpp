#include "collect/libvirt/hypervisor_probe.hpp"

#include <chrono>

namespace virtcheck::libvirt {

HypervisorProbe probe_hypervisor(const std::string& uri, Progress& progress, bool with_capabilities) {
    Backend& libvirt = backend();  // loading the module is not part of the hypervisor's response time
    auto started = std::chrono::steady_clock::now();
    HypervisorProbe probe{uri, {}, {}, 0};
    auto connection = libvirt.open(uri, Access::ReadOnly, progress);
    probe.host = connection->host_info();
    if (with_capabilities) probe.capabilities = connection->capabilities();
    probe.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return probe;
}

}  // namespace virtcheck::libvirt
