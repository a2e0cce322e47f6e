#pragma once
// Readings several checks share: VMs sampled for rates, and what running VMs were given.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "evaluate/host.hpp"
#include "plugin/plugin.hpp"

namespace virtcheck {

struct SampledVms {
    std::vector<model::Vm> vms;  // the latest reading
    Rates rates;
    std::string note;            // "first sample stored ..." or a state file problem
};

using ToSample = std::function<Sample(const std::vector<model::Vm>&, double time)>;

// The running VMs with `stats`, and rates of the counters `to_sample` picks. All VMs go into
// the state file whatever the selection, so that checks with different selections against
// the same hypervisor share it correctly. A backend without model::FactCounters gives its
// figures ready-made: no state file then.
SampledVms sample_vms(Check& check, unsigned stats, const ToSample& to_sample);

// The host and its running VMs with `stats`, when the backend tells what VMs were given.
std::optional<Assignment> read_assignment(Check& check, unsigned stats);

}  // namespace virtcheck
