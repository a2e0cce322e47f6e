#include "model/facts.hpp"

namespace virtcheck::model {

std::string describe_facts(unsigned facts) {
    static const std::pair<Fact, const char*> names[] = {
        {FactCpuTimes, "host CPU times"},        {FactCpuLoads, "per-CPU loads"},
        {FactVmAssignment, "what VMs were given"}, {FactVolumes, "volume lists"},
        {FactRescan, "storage rescans"},         {FactUptime, "host uptime"},
        {FactLibvirtVersion, "a libvirt version"}, {FactCapabilities, "host capabilities"},
        {FactCpuReady, "CPU ready or co-stop figures"}, {FactVcpuCounters, "per-vCPU counters"},
        {FactMemoryReclaim, "memory reclaim figures"}, {FactGuestCounters, "guest memory counters"},
        {FactSnapshotSize, "snapshot sizes"},    {FactAlarms, "alarms"},
        {FactManagedHosts, "managed hosts"},     {FactDiskAllocation, "disk allocations"},
        {FactDeviceErrors, "device error counters"}, {FactProvisioning, "provisioned space"},
        {FactCounters, "counters between samples"},
        {FactAddressFamily, "choice of address family"},
        {FactHostServices, "host shells and lockdown mode"}};
    std::string text;
    for (const auto& [fact, name] : names)
        if (facts & fact) text += (text.empty() ? "" : ", ") + std::string(name);
    return text;
}

}  // namespace virtcheck::model
