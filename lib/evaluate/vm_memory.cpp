#include <algorithm>

#include "evaluate/measurements.hpp"
#include "evaluate/vm_resources.hpp"
#include "evaluate/vms.hpp"

namespace virtcheck {
namespace {

constexpr double KiB = 1024;

void count(Sample& sample, const model::Vm& vm, const char* metric, const model::Counter& value, double scale = 1) {
    if (value) sample.counters[counter_key(vm, metric)] = static_cast<double>(*value) * scale;
}

Row measure(const model::Vm& vm, const Rates& rates, const ThresholdSet& thresholds, State no_guest_stats) {
    const auto& b = vm.memory;
    // "usable" (MemAvailable) counts reclaimable cache as free; older guests give only "unused".
    auto free_kib = b.usable_kib ? b.usable_kib : b.unused_kib;
    std::optional<double> used, percent, rss;
    Line line{vm.name};
    if (b.available_kib && *b.available_kib > 0 && free_kib) {
        double available = static_cast<double>(*b.available_kib) * KiB;
        used = std::max(0.0, available - static_cast<double>(*free_kib) * KiB);
        percent = *used / available * 100;
        line.detail = "(" + human_value(*used, Unit::Bytes) + " of " + human_value(available, Unit::Bytes) + ")";
    } else {
        line.status = "no guest memory statistics (needs a balloon driver and a stats period)";
    }
    if (b.rss_kib && b.current_kib && *b.current_kib > 0)
        rss = static_cast<double>(*b.rss_kib) / static_cast<double>(*b.current_kib) * 100;
    auto rate = [&](const char* metric) { return rates.per_second(counter_key(vm, metric)); };
    Result result = measure_object(vm.name, line, thresholds,
                                   {{vm_memory::used_percent, percent, 100, true},
                                    {vm_memory::used, used},
                                    {vm_memory::rss, rss},
                                    {vm_memory::swap_in, rate("swap_in")},
                                    {vm_memory::swap_out, rate("swap_out")},
                                    {vm_memory::major_faults, rate("major_faults")},
                                    Measurement::counter("swap_in_bytes_total", counted(b.swap_in_kib, KiB), Unit::Bytes),
                                    Measurement::counter("swap_out_bytes_total", counted(b.swap_out_kib, KiB), Unit::Bytes),
                                    Measurement::counter("major_faults_total", counted(b.major_faults))},
                                   vm.uuid);
    if (!percent) result.state = worst(result.state, no_guest_stats);
    return {std::move(result), percent};
}

std::optional<double> percent_of(std::optional<double> part, std::optional<double> whole) {
    if (!part || !whole || *whole <= 0) return std::nullopt;
    return *part / *whole * 100;
}

// Figures the backend gave ready-made: guest active memory of the configured, and what the
// host consumes, balloons, swaps and compresses for the VM.
Row measure_figures(const model::Vm& vm, const ThresholdSet& thresholds, State no_guest_stats) {
    const model::MemoryFigures& f = *vm.memory_figures;
    auto percent = percent_of(f.active, f.configured);
    Line line{vm.name};
    if (percent)
        line.detail = "active (" + human_value(*f.active, Unit::Bytes) + " of " + human_value(*f.configured, Unit::Bytes) +
                      (f.consumed ? ", " + human_value(*f.consumed, Unit::Bytes) + " consumed" : "") + ")";
    else
        line.status = "no guest memory figures (the server gives no active memory)";
    std::vector<Measurement> measurements{{vm_memory::used_percent, percent, 100, true},
                                          {vm_memory::used, f.active, f.configured},
                                          {vm_memory::consumed, percent_of(f.consumed, f.configured), 100},
                                          {vm_memory::ballooned, f.ballooned, f.configured},
                                          {vm_memory::swapped, f.swapped, f.configured},
                                          {vm_memory::compressed, f.compressed, f.configured}};
    Result result = measure_object(vm.name, line, thresholds, measurements);
    if (!percent) result.state = worst(result.state, no_guest_stats);
    return {std::move(result), percent};
}

}  // namespace

Sample vm_memory_sample(const std::vector<model::Vm>& vms, double time) {
    Sample sample{time, {}};
    for (const auto& vm : vms) {
        if (vm.busy || vm.id < 0) continue;
        count(sample, vm, "swap_in", vm.memory.swap_in_kib, KiB);
        count(sample, vm, "swap_out", vm.memory.swap_out_kib, KiB);
        count(sample, vm, "major_faults", vm.memory.major_faults);
    }
    return sample;
}

Result evaluate_vm_memory(const std::vector<model::Vm>& all, const Rates& rates, const Selection& selection,
                          const ThresholdSet& thresholds, State no_guest_stats, const std::string& note) {
    auto active = active_vms(all);
    PerObject<model::Vm> vms(active, selection, {.top_label = "top", .rows_by_rank = true});
    for (const auto* vm : vms.selected())
        vms.add(vm->busy             ? busy_row(*vm)
                : vm->memory_figures ? measure_figures(*vm, thresholds, no_guest_stats)
                                     : measure(*vm, rates, thresholds, no_guest_stats));
    vms.root().perfdata.push_back({"vms", static_cast<double>(vms.selected().size()), Unit::Count, {}, {}, 0});
    return vms.finish(note);
}

}  // namespace virtcheck
