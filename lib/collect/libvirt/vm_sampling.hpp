#pragma once
// What every rate-based VM check does: open the hypervisor, read the VMs' stats, and turn
// their counters into rates (state file or --interval), keeping the latest stats.
#include <functional>
#include <string>
#include <vector>

#include "collect/libvirt/libvirt.hpp"
#include "core/rate.hpp"

namespace virtcheck::libvirt {

struct SampledVms {
    std::vector<DomainStats> vms;  // the latest reading
    Rates rates;
    std::string note;              // "first sample stored ..." or a state file problem
};

using ToSample = std::function<Sample(const std::vector<DomainStats>&, double time)>;

SampledVms sample_vms(const std::string& uri, unsigned groups, const std::string& check, const RateOptions& rates,
                      Progress& progress, const ToSample& to_sample);

}  // namespace virtcheck::libvirt
