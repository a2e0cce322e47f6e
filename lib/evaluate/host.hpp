#pragma once
// check_host_cpu and check_host_memory: the hypervisor host's own CPU and memory, and how
// far the running VMs over-commit them.
#include <optional>
#include <string>
#include <vector>

#include "collect/libvirt/libvirt.hpp"
#include "core/rate.hpp"
#include "core/result.hpp"
#include "core/threshold.hpp"

namespace virtcheck {

struct HostCpuRules {
    Thresholds used;  // -w/-c: user + system, % of all host CPU time
    Thresholds user, system, iowait;
    Thresholds overcommit;  // vCPUs of running VMs per host CPU thread
};

struct HostMemoryRules {
    Thresholds used_percent;  // -w/-c: used without buffers and cache, % of total
    Thresholds used, free;
    Thresholds overcommit;  // memory assigned to running VMs, % of host memory
};

Sample host_cpu_sample(const std::optional<libvirt::NodeCpuStats>& cpu, double time);

Result evaluate_host_cpu(const libvirt::HostInfo& host, const Rates& rates,
                         const std::vector<libvirt::DomainStats>& running, const HostCpuRules& rules,
                         const std::string& note);

Result evaluate_host_memory(const libvirt::HostInfo& host, const std::optional<libvirt::NodeMemoryStats>& memory,
                            const std::vector<libvirt::DomainStats>& running, const HostMemoryRules& rules);

}  // namespace virtcheck
