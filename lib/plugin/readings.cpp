#include "plugin/readings.hpp"

#include "model/facts.hpp"

namespace virtcheck {

SampledVms sample_vms(Check& check, unsigned stats, const ToSample& to_sample) {
    SampledVms sampled;
    Source& source = check.source();
    sampled.rates = check.measure_rates(
        [&] {
            sampled.vms = source.vms(stats, true);
            return to_sample(sampled.vms, now_seconds());
        },
        sampled.note);
    return sampled;
}

std::optional<Assignment> read_assignment(Check& check, unsigned stats) {
    if (!check.gives(model::FactVmAssignment)) return std::nullopt;
    Source& source = check.source();
    Assignment assignment{source.host(), {}};
    assignment.running = source.vms(stats, true);
    return assignment;
}

}  // namespace virtcheck
