#include "model/facts.hpp"

namespace virtcheck::model {

std::string describe_facts(unsigned facts) {
    static const std::pair<Fact, const char*> names[] = {
        {FactCpuTimes, "host CPU times"},        {FactCpuLoads, "per-CPU loads"},
        {FactVmAssignment, "what VMs were given"}, {FactVolumes, "volume lists"},
        {FactRescan, "storage rescans"},         {FactUptime, "host uptime"},
        {FactLibvirtVersion, "a libvirt version"}, {FactCapabilities, "host capabilities"},
        {FactAddressFamily, "choice of address family"}};
    std::string text;
    for (const auto& [fact, name] : names)
        if (facts & fact) text += (text.empty() ? "" : ", ") + std::string(name);
    return text;
}

}  // namespace virtcheck::model
