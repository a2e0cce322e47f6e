#pragma once
// check_host_cpu and check_host_memory: the hypervisor host's own CPU and memory, and how
// far the running VMs over-commit them.
#include <optional>
#include <string>
#include <vector>

#include "core/metric.hpp"
#include "core/rate.hpp"
#include "core/result.hpp"
#include "model/facts.hpp"
#include "model/host.hpp"
#include "model/vm.hpp"

namespace virtcheck {

namespace host_cpu {
inline const Metric used{"used", Unit::Percent,
                         "host CPU use (user + system; over SNMP the average load), % of all CPU time"};
inline const Metric user{"user", Unit::Percent, "user time, % of all CPU time", model::FactCpuTimes};
inline const Metric system{"system", Unit::Percent, "kernel time, % of all CPU time", model::FactCpuTimes};
inline const Metric iowait{"iowait", Unit::Percent, "time waiting for I/O, % of all CPU time", model::FactCpuTimes};
inline const Metric overcommit{"overcommit", Unit::Count,
                               "vCPUs of running VMs per host CPU thread (vSphere: per core)", model::FactVmAssignment};
inline const Metric busiest{"busiest", Unit::Percent, "SNMP mode: load of the busiest CPU", model::FactCpuLoads};
inline const MetricTable metrics{&used, &user, &system, &iowait, &overcommit, &busiest};
}  // namespace host_cpu

namespace host_memory {
inline const Metric used_percent{"used_percent", Unit::Percent,
                                 "host memory in use (total - available, MemAvailable where known), % of total"};
inline const Metric used{"used", Unit::Bytes, "host memory in use, bytes"};
inline const Metric free{"free", Unit::Bytes, "host memory available without swapping, bytes (e.g. -c free=2GiB:)"};
inline const Metric overcommit{"overcommit", Unit::Percent, "memory assigned to running VMs (vSphere: configured), % of host memory",
                               model::FactVmAssignment};
inline const MetricTable metrics{&used_percent, &used, &free, &overcommit};
}  // namespace host_memory

// What the running VMs were given, for over-commit: absent where the backend cannot tell.
struct Assignment {
    model::Host host;
    std::vector<model::Vm> running;
};

Sample host_cpu_sample(const model::HostCpu& cpu, double time);

// CPU times turned into rates, or the loads an agent averaged itself.
Result evaluate_host_cpu(const model::HostCpu& cpu, const Rates& rates, const std::optional<Assignment>& assignment,
                         const ThresholdSet& thresholds, const std::string& note);

Result evaluate_host_memory(const model::HostMemory& memory, const std::optional<Assignment>& assignment,
                            const ThresholdSet& thresholds);

// One row per host of a management server (HostCpu::hosts, HostMemory::hosts); the two above
// take this path when those are filled.
Result evaluate_managed_host_cpu(const std::vector<model::HostUse>& hosts, const ThresholdSet& thresholds);
Result evaluate_managed_host_memory(const std::vector<model::HostUse>& hosts, const ThresholdSet& thresholds);

}  // namespace virtcheck
