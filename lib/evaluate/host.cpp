#include "evaluate/host.hpp"

#include <algorithm>
#include <cstdio>

#include "evaluate/measurements.hpp"

namespace virtcheck {
namespace {

std::string ratio(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", value);
    return buffer;
}

// The loads an agent averaged: the mean over all CPUs (-w/-c) and the busiest one.
Result from_loads(const model::HostCpu& cpu, const ThresholdSet& thresholds) {
    if (!cpu.problem.empty()) return {State::Unknown, cpu.problem};
    double sum = 0;
    const model::CpuLoad* top = &cpu.loads.front();
    for (const auto& load : cpu.loads) {
        if (!load.percent)
            return {State::Unknown, cpu.loads_source + " of CPU " + load.cpu + " is '" + load.raw + "', not a percentage"};
        sum += *load.percent;
        if (*load.percent > *top->percent) top = &load;
    }
    double mean = sum / static_cast<double>(cpu.loads.size());
    Line line{"CPU"};
    line.detail = "average over " + std::to_string(cpu.loads.size()) + (cpu.loads.size() == 1 ? " CPU" : " CPUs") +
                  ", busiest " + human_value(*top->percent, Unit::Percent) + " (" + cpu.load_index_name + " " +
                  top->cpu + ")";
    return measure_object("", line, thresholds,
                          {{host_cpu::used, mean, 100, true},
                           {host_cpu::busiest, *top->percent, 100},
                           {"cpus", Unit::Count, static_cast<double>(cpu.loads.size())}});
}

// CPU times since the last sample, and the vCPUs of the running VMs per host CPU thread.
Result from_times(const model::HostCpu& cpu, const Rates& rates, const std::optional<Assignment>& assignment,
                  const ThresholdSet& thresholds, const std::string& note) {
    auto rate = [&](const char* name) { return rates.per_second(std::string("host/") + name); };
    auto user = rate("user"), system = rate("system"), idle = rate("idle"), iowait = rate("iowait");
    std::optional<double> used, user_pct, system_pct, iowait_pct;
    if (user && system && idle) {
        double total = *user + *system + *idle + iowait.value_or(0);
        if (total > 0) {
            user_pct = *user / total * 100, system_pct = *system / total * 100;
            used = *user_pct + *system_pct;
            if (iowait) iowait_pct = *iowait / total * 100;
        }
    }
    double vcpus = 0;
    unsigned threads = assignment ? assignment->host.cpus : 0;
    if (assignment)
        for (const auto& vm : assignment->running) vcpus += vm.vcpus.value_or(0);
    std::optional<double> overcommit;
    if (threads > 0) overcommit = vcpus / threads;

    Line line{"CPU"};
    if (used)
        line.detail = "used (user " + human_value(*user_pct, Unit::Percent) + ", system " +
                      human_value(*system_pct, Unit::Percent) +
                      (iowait_pct ? ", iowait " + human_value(*iowait_pct, Unit::Percent) : "") + ")";
    else
        line.figures.push_back(rates.has_baseline() ? "use unknown: the driver's CPU counters are missing or did not advance"
                                                    : "use from the next run");
    if (assignment)
        line.notes.push_back(std::to_string(static_cast<long>(vcpus)) + " vCPUs of running VMs on " +
                             std::to_string(threads) + " CPU threads" +
                             (overcommit ? " (" + ratio(*overcommit) + " per thread)" : ""));
    if (!note.empty() && rates.has_baseline()) line.notes.push_back(note);  // a replaced state file
    std::vector<Measurement> measurements{{host_cpu::used, used, 100, true},
                                          {host_cpu::user, user_pct, 100},
                                          {host_cpu::system, system_pct, 100},
                                          {host_cpu::iowait, iowait_pct, 100}};
    if (assignment)
        measurements.insert(measurements.end(), {{"vcpus", Unit::Count, vcpus}, {host_cpu::overcommit, overcommit}});
    if (const auto& t = cpu.times)
        measurements.insert(measurements.end(), {Measurement::counter("user_time_total", counted(t->user_ns, 1e-9), Unit::Seconds),
                                                 Measurement::counter("system_time_total", counted(t->kernel_ns, 1e-9), Unit::Seconds),
                                                 Measurement::counter("idle_time_total", counted(t->idle_ns, 1e-9), Unit::Seconds),
                                                 Measurement::counter("iowait_time_total", counted(t->iowait_ns, 1e-9), Unit::Seconds)});
    Result result = measure_object("", line, thresholds, measurements);
    if (!used && rates.has_baseline()) result.state = worst(result.state, State::Unknown);
    return result;
}

}  // namespace

Sample host_cpu_sample(const model::HostCpu& cpu, double time) {
    Sample sample{time, {}};
    if (!cpu.times) return sample;
    const auto& t = *cpu.times;
    const std::pair<const char*, const std::optional<std::uint64_t>*> counters[] = {
        {"user", &t.user_ns}, {"system", &t.kernel_ns}, {"idle", &t.idle_ns}, {"iowait", &t.iowait_ns}};
    for (const auto& [name, value] : counters)
        if (*value) sample.counters[std::string("host/") + name] = static_cast<double>(**value);
    return sample;
}

Result evaluate_host_cpu(const model::HostCpu& cpu, const Rates& rates, const std::optional<Assignment>& assignment,
                         const ThresholdSet& thresholds, const std::string& note) {
    if (!cpu.hosts.empty()) return evaluate_managed_host_cpu(cpu.hosts, thresholds);
    if (!cpu.loads.empty() || (!cpu.times && !cpu.problem.empty())) return from_loads(cpu, thresholds);
    return from_times(cpu, rates, assignment, thresholds, note);
}

Result evaluate_host_memory(const model::HostMemory& memory, const std::optional<Assignment>& assignment,
                            const ThresholdSet& thresholds) {
    if (!memory.hosts.empty()) return evaluate_managed_host_memory(memory.hosts, thresholds);
    std::optional<double> used, available, percent, overcommit;
    const auto& total = memory.total;
    // One definition: in use is what cannot be had without swapping, total - available.
    if (memory.available) available = memory.available;
    else if (memory.free) available = *memory.free + memory.buffers.value_or(0) + memory.cached.value_or(0);
    if (total && available && *total > 0) {
        available = std::min(*available, *total);
        used = *total - *available;
        percent = *used / *total * 100;
    }
    Line line{"memory"};
    if (percent)
        line.detail = "used (" + human_value(*used, Unit::Bytes) + " of " + human_value(*total, Unit::Bytes) +
                      (memory.basis.empty() ? "" : ", " + memory.basis) + ")";
    else
        line = Line{!memory.problem.empty() ? memory.problem : "host memory use not available from this driver"};
    std::vector<Measurement> measurements{{host_memory::used_percent, percent, 100, true},
                                          {host_memory::used, used, total},
                                          {host_memory::free, percent ? available : std::optional<double>{}, total},
                                          {"buffers", Unit::Bytes, memory.buffers},
                                          {"cached", Unit::Bytes, memory.cached}};
    if (assignment) {
        double assigned = 0;
        for (const auto& vm : assignment->running)
            assigned += static_cast<double>(vm.memory.current_kib.value_or(0)) * 1024;
        double host_bytes = total.value_or(static_cast<double>(assignment->host.memory_bytes));
        if (host_bytes > 0) overcommit = assigned / host_bytes * 100;
        line.notes.push_back(human_value(assigned, Unit::Bytes) + " assigned to " +
                             std::to_string(assignment->running.size()) + " running VMs" +
                             (overcommit ? " (" + human_value(*overcommit, Unit::Percent) + " of host memory)" : ""));
        measurements.insert(measurements.end(),
                            {{"vm_assigned", Unit::Bytes, assigned}, {host_memory::overcommit, overcommit}});
    }
    Result result = measure_object("", line, thresholds, measurements);
    if (!percent) {
        // Without figures the line says why, and what VMs were given; nothing else is known.
        result.state = worst(result.state, State::Unknown);
        Line why{line.subject};
        why.notes = line.notes;
        result.text = why.text();
    }
    return result;
}

}  // namespace virtcheck
