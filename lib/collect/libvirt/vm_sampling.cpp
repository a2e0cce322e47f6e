#include "collect/libvirt/vm_sampling.hpp"

namespace virtcheck::libvirt {

SampledVms sample_vms(const std::string& uri, unsigned groups, const std::string& check, const RateOptions& rates,
                      Progress& progress, const ToSample& to_sample) {
    auto hypervisor = open(uri, progress);
    SampledVms sampled;
    auto sample = [&] {
        sampled.vms = hypervisor->domain_stats(groups, true);
        return to_sample(sampled.vms, now_seconds());
    };
    // All VMs go into the state file whatever the selection, so that checks with different
    // selections against the same hypervisor share it correctly.
    sampled.rates = rates.measure(check, uri, progress, sample, sampled.note);
    return sampled;
}

}  // namespace virtcheck::libvirt
