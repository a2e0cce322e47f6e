#include "evaluate/vm_cpu.hpp"

#include <algorithm>
#include <cstdio>

#include "evaluate/vms.hpp"

namespace virtcheck {
namespace {

std::string key(const libvirt::DomainStats& vm, const std::string& metric) { return counter_key(vm, metric); }

std::string percent(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f%%", value);
    return buffer;
}

// Mean over the vCPUs of one per-vCPU counter, in % of a vCPU; nothing unless every vCPU has it.
std::optional<double> per_vcpu_percent(const libvirt::DomainStats& vm, const Rates& rates, const char* field) {
    if (vm.vcpu.empty()) return std::nullopt;
    double sum = 0;
    for (std::size_t i = 0; i < vm.vcpu.size(); ++i) {
        auto rate = rates.per_second(key(vm, "vcpu" + std::to_string(i) + "/" + field));
        if (!rate) return std::nullopt;
        sum += std::min(100.0, *rate / 1e9 * 100);
    }
    return sum / static_cast<double>(vm.vcpu.size());
}

struct Measured {
    Result result;
    double cpu = -1;
};

Measured measure(const libvirt::DomainStats& vm, const Rates& rates, const VmCpuRules& rules) {
    Measured m;
    const std::string label = perfdata_label(vm.name, "") + "_";
    auto& r = m.result;
    if (vm.busy) {
        r = busy_result(vm);
        return m;
    }
    if (!vm.cpu_time_ns || !vm.vcpus || *vm.vcpus == 0) {
        r = {State::Unknown, vm.name + ": CPU time not available from this driver"};
        return m;
    }
    auto cpu_rate = rates.per_second(key(vm, "cpu"));
    if (!cpu_rate) {
        r = {State::Ok, vm.name + " new or restarted, rates from the next run"};
        r.perfdata.push_back(Perfdata{label + "cpu", std::nullopt, Unit::Percent, {}, {}, 0, 100}.with(rules.cpu));
        return m;
    }
    // Samples are timed a little apart from the counters they read: never above 100%.
    m.cpu = std::min(100.0, *cpu_rate / 1e9 / *vm.vcpus * 100);
    r.state = rules.cpu.evaluate(m.cpu);
    r.text = vm.name + " " + percent(m.cpu);
    r.perfdata.push_back(Perfdata{label + "cpu", m.cpu, Unit::Percent, {}, {}, 0, 100}.with(rules.cpu));
    for (auto [name, thresholds] : {std::pair{"steal", &rules.steal}, std::pair{"wait", &rules.wait}}) {
        auto value = per_vcpu_percent(vm, rates, name == std::string("steal") ? "delay" : "wait");
        if (!value) continue;
        State state = thresholds->evaluate(*value);
        r.state = worst(r.state, state);
        if (state != State::Ok) r.text += std::string(" (") + name + " " + percent(*value) + ")";
        r.perfdata.push_back(Perfdata{label + name, *value, Unit::Percent, {}, {}, 0, 100}.with(*thresholds));
    }
    return m;
}

}  // namespace

Sample vm_cpu_sample(const std::vector<libvirt::DomainStats>& vms, double time) {
    Sample sample{time, {}};
    for (const auto& vm : vms) {
        if (vm.busy || vm.id < 0) continue;
        if (vm.cpu_time_ns) sample.counters[key(vm, "cpu")] = static_cast<double>(*vm.cpu_time_ns);
        for (std::size_t i = 0; i < vm.vcpu.size(); ++i) {
            const auto& v = vm.vcpu[i];
            std::string prefix = "vcpu" + std::to_string(i) + "/";
            if (v.delay_ns) sample.counters[key(vm, prefix + "delay")] = static_cast<double>(*v.delay_ns);
            if (v.wait_ns) sample.counters[key(vm, prefix + "wait")] = static_cast<double>(*v.wait_ns);
        }
    }
    return sample;
}

Result evaluate_vm_cpu(const std::vector<libvirt::DomainStats>& all, const Rates& rates, const Selection& selection,
                       const VmCpuRules& rules, const std::string& note) {
    Result root;
    // Usage is about VMs that can use CPU; a paused or crashed VM has none to report.
    auto active = active_vms(all);
    auto selected = select_vms(active, selection, root);
    std::vector<Measured> measured;
    for (const auto* vm : selected.vms)
        if (rates.has_baseline() || vm->busy) measured.push_back(measure(*vm, rates, rules));
    std::stable_sort(measured.begin(), measured.end(), [](const Measured& a, const Measured& b) { return a.cpu > b.cpu; });

    std::string top;
    double highest = 0;
    for (std::size_t i = 0; i < measured.size(); ++i) {
        highest = std::max(highest, measured[i].cpu);
        if (i < selection.top() && measured[i].cpu >= 0) top += (top.empty() ? "top: " : ", ") + measured[i].result.text;
        root.add(std::move(measured[i].result));
    }
    root.perfdata.push_back({"vms", static_cast<double>(selected.vms.size()), Unit::Count, {}, {}, 0});
    if (rates.has_baseline()) root.perfdata.push_back({"cpu_max", highest, Unit::Percent, {}, {}, 0, 100});
    summarize_objects(root, selected.total(), selection, note, "", top);
    return root;
}

}  // namespace virtcheck
