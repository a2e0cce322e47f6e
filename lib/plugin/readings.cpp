#include "plugin/readings.hpp"

#include "model/facts.hpp"

namespace virtcheck {

SampledVms sample_vms(Check& check, unsigned stats, const ToSample& to_sample) {
    SampledVms sampled;
    Source& source = check.source();
    // A backend that gives rates ready-made (per sample of its own) needs no state file.
    if (!check.gives(model::FactCounters)) {
        sampled.vms = source.vms(stats, true);
        return sampled;
    }
    sampled.rates = check.measure_rates(
        [&] {
            sampled.vms = source.vms(stats, true);
            return to_sample(sampled.vms, now_seconds());
        },
        sampled.note);
    return sampled;
}

std::optional<Assignment> read_assignment(Check& check, unsigned stats) {
    // Per-host figures of a management server carry what each host's VMs were given.
    if (!check.gives(model::FactVmAssignment) || check.gives(model::FactManagedHosts)) return std::nullopt;
    Source& source = check.source();
    Assignment assignment{source.host(), {}};
    assignment.running = source.vms(stats, true);
    return assignment;
}

}  // namespace virtcheck
