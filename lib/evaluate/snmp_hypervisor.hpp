#pragma once
// check_hypervisor in SNMP mode: the agent answers (or the host is down), how long the host
// has been up, and the ESXi version against --min-version.
#include <optional>

#include "collect/snmp/host_probe.hpp"
#include "core/result.hpp"
#include "core/threshold.hpp"
#include "core/version.hpp"

namespace virtcheck {

struct SnmpHypervisorRules {
    Thresholds response_time;             // -w/-c, seconds
    Thresholds uptime;                    // -w uptime=10m: for a host that rebooted recently
    std::optional<Version> min_version;   // ESXi version
};

Result evaluate_snmp_hypervisor(const snmp::HostProbe& probe, const SnmpHypervisorRules& rules);

}  // namespace virtcheck
