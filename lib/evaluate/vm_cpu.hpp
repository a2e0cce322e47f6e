#pragma once
// check_vm_cpu's rules: CPU use per VM in % of its vCPUs (delta cpu.time / (delta t x vCPUs)),
// and steal/wait per vCPU in % where libvirt gives vcpu.N.delay / vcpu.N.wait.
#include <string>
#include <vector>

#include "collect/libvirt/libvirt.hpp"
#include "core/rate.hpp"
#include "core/result.hpp"
#include "core/selection.hpp"
#include "core/threshold.hpp"

namespace virtcheck {

struct VmCpuRules {
    Thresholds cpu;    // -w/-c, % of the VM's vCPUs
    Thresholds steal;  // -w steal=..., % per vCPU
    Thresholds wait;   // -w wait=..., % per vCPU
};

// Counters for the state file / interval: keyed by UUID and domain id, so that a restarted
// VM (new id) starts a new baseline instead of producing a spike.
Sample vm_cpu_sample(const std::vector<libvirt::DomainStats>& vms, double time);

// `note`: "first sample stored ..." or a state file problem, shown in the summary.
Result evaluate_vm_cpu(const std::vector<libvirt::DomainStats>& vms, const Rates& rates, const Selection& selection,
                       const VmCpuRules& rules, const std::string& note);

}  // namespace virtcheck
