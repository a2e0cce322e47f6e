#pragma once
// check_vm_cpu: CPU use per VM in % of its vCPUs (delta cpu.time / (delta t x vCPUs)), and
// steal/wait per vCPU in % where the backend gives vcpu.N.delay / vcpu.N.wait; or the usage,
// ready and co-stop figures a backend gives ready-made (vSphere).
#include <string>
#include <vector>

#include "core/metric.hpp"
#include "core/rate.hpp"
#include "core/result.hpp"
#include "core/selection.hpp"
#include "model/facts.hpp"
#include "model/vm.hpp"

namespace virtcheck {

namespace vm_cpu {
inline const Metric cpu{"cpu", Unit::Percent, "CPU use of each VM"};
inline const Metric steal{"steal", Unit::Percent, "time a vCPU could run but the host ran something else, % per vCPU",
                          model::FactVcpuCounters};
inline const Metric wait{"wait", Unit::Percent, "time a vCPU waited for I/O, % per vCPU", model::FactVcpuCounters};
inline const Metric ready{"ready", Unit::Percent,
                          "vSphere: time a vCPU was ready to run but waited for a host CPU, % per vCPU",
                          model::FactCpuReady};
inline const Metric costop{"costop", Unit::Percent,
                           "vSphere: time a vCPU was stopped to keep the VM's vCPUs in step (co-stop), % per vCPU",
                           model::FactCpuReady};
inline const MetricTable metrics{&cpu, &steal, &wait, &ready, &costop};
}  // namespace vm_cpu

// Counters for the state file / interval: keyed by UUID and domain id, so that a restarted
// VM (new id) starts a new baseline instead of producing a spike.
Sample vm_cpu_sample(const std::vector<model::Vm>& vms, double time);

// `note`: "first sample stored ..." or a state file problem, shown in the summary.
Result evaluate_vm_cpu(const std::vector<model::Vm>& vms, const Rates& rates, const Selection& selection,
                       const ThresholdSet& thresholds, const std::string& note);

}  // namespace virtcheck
