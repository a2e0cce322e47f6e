#include "evaluate/vm_cpu.hpp"

#include <algorithm>

#include "evaluate/measurements.hpp"
#include "evaluate/objects.hpp"
#include "evaluate/vms.hpp"

namespace virtcheck {
namespace {

// Mean over the vCPUs of one per-vCPU counter, in % of a vCPU; nothing unless every vCPU has it.
std::optional<double> per_vcpu_percent(const model::Vm& vm, const Rates& rates, const char* field) {
    if (vm.vcpu.empty()) return std::nullopt;
    double sum = 0;
    for (std::size_t i = 0; i < vm.vcpu.size(); ++i) {
        auto rate = rates.per_second(counter_key(vm, "vcpu" + std::to_string(i) + "/" + field));
        if (!rate) return std::nullopt;
        sum += std::min(100.0, *rate / 1e9 * 100);
    }
    return sum / static_cast<double>(vm.vcpu.size());
}

Row measure(const model::Vm& vm, const Rates& rates, const ThresholdSet& thresholds) {
    if (!vm.cpu_time_ns || !vm.vcpus || *vm.vcpus == 0)
        return {{State::Unknown, vm.name + ": CPU time not available from this driver"}};
    auto cpu_rate = rates.per_second(counter_key(vm, "cpu"));
    std::optional<double> cpu;
    // Samples are timed a little apart from the counters they read: never above 100%.
    if (cpu_rate) cpu = std::min(100.0, *cpu_rate / 1e9 / *vm.vcpus * 100);
    Line line{vm.name};
    if (!cpu && rates.has_baseline()) line.figures.push_back("new or restarted, rates from the next run");
    std::vector<Measurement> measurements{{vm_cpu::cpu, cpu, 100, true}};
    if (cpu)
        measurements.insert(measurements.end(), {{vm_cpu::steal, per_vcpu_percent(vm, rates, "delay"), 100},
                                                 {vm_cpu::wait, per_vcpu_percent(vm, rates, "wait"), 100}});
    measurements.push_back(Measurement::counter("cpu_time_total", counted(vm.cpu_time_ns, 1e-9), Unit::Seconds));
    return {measure_object(vm.name, line, thresholds, measurements, vm.uuid), cpu};
}

// Figures the backend gave ready-made for its last sample.
Row measure_figures(const model::Vm& vm, const ThresholdSet& thresholds) {
    const model::CpuFigures& f = *vm.cpu_figures;
    Line line{vm.name};
    if (!f.usage_percent) line.figures.push_back("no performance sample from the server yet");
    return {measure_object(vm.name, line, thresholds,
                           {{vm_cpu::cpu, f.usage_percent, 100, true},
                            {vm_cpu::ready, f.ready_percent, 100},
                            {vm_cpu::costop, f.costop_percent, 100}}),
            f.usage_percent};
}

}  // namespace

Sample vm_cpu_sample(const std::vector<model::Vm>& vms, double time) {
    Sample sample{time, {}};
    for (const auto& vm : vms) {
        if (vm.busy || vm.id < 0) continue;
        if (vm.cpu_time_ns) sample.counters[counter_key(vm, "cpu")] = static_cast<double>(*vm.cpu_time_ns);
        for (std::size_t i = 0; i < vm.vcpu.size(); ++i) {
            const auto& v = vm.vcpu[i];
            std::string prefix = "vcpu" + std::to_string(i) + "/";
            if (v.delay_ns) sample.counters[counter_key(vm, prefix + "delay")] = static_cast<double>(*v.delay_ns);
            if (v.wait_ns) sample.counters[counter_key(vm, prefix + "wait")] = static_cast<double>(*v.wait_ns);
        }
    }
    return sample;
}

Result evaluate_vm_cpu(const std::vector<model::Vm>& all, const Rates& rates, const Selection& selection,
                       const ThresholdSet& thresholds, const std::string& note) {
    // Usage is about VMs that can use CPU; a paused or crashed VM has none to report.
    auto active = active_vms(all);
    PerObject<model::Vm> vms(active, selection, {.top_label = "top", .rows_by_rank = true});
    double highest = 0;
    bool measured = rates.has_baseline();
    for (const auto* vm : vms.selected()) {
        if (vm->busy) {
            vms.add(busy_row(*vm));
            continue;
        }
        if (vm->cpu_figures) {
            Row row = measure_figures(*vm, thresholds);
            highest = std::max(highest, row.rank.value_or(0));
            measured = true;
            vms.add(std::move(row));
            continue;
        }
        // Rows even on the first run: their CPU time counters keep graphs without a gap.
        Row row = measure(*vm, rates, thresholds);
        highest = std::max(highest, row.rank.value_or(0));
        vms.add(std::move(row));
    }
    vms.root().perfdata.push_back({"vms", static_cast<double>(vms.selected().size()), Unit::Count, {}, {}, 0});
    if (measured) vms.root().perfdata.push_back({"cpu_max", highest, Unit::Percent, {}, {}, 0, 100});
    return vms.finish(note);
}

}  // namespace virtcheck
