#include "evaluate/host.hpp"

#include <cstdio>

#include "evaluate/measurements.hpp"

namespace virtcheck {
namespace {

constexpr double KiB = 1024;

std::string ratio(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", value);
    return buffer;
}

std::optional<double> bytes(const std::optional<std::uint64_t>& kib) {
    if (!kib) return std::nullopt;
    return static_cast<double>(*kib) * KiB;
}

}  // namespace

Sample host_cpu_sample(const std::optional<libvirt::NodeCpuStats>& cpu, double time) {
    Sample sample{time, {}};
    if (!cpu) return sample;
    const std::pair<const char*, const std::optional<std::uint64_t>*> counters[] = {
        {"user", &cpu->user_ns}, {"system", &cpu->kernel_ns}, {"idle", &cpu->idle_ns}, {"iowait", &cpu->iowait_ns}};
    for (const auto& [name, value] : counters)
        if (*value) sample.counters[std::string("host/") + name] = static_cast<double>(**value);
    return sample;
}

Result evaluate_host_cpu(const libvirt::HostInfo& host, const Rates& rates,
                         const std::vector<libvirt::DomainStats>& running, const HostCpuRules& rules,
                         const std::string& note) {
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
    for (const auto& vm : running) vcpus += vm.vcpus.value_or(0);
    std::optional<double> overcommit;
    if (host.cpus > 0) overcommit = vcpus / host.cpus;

    std::string detail;
    if (used)
        detail = "used (user " + human_value(*user_pct, Unit::Percent) + ", system " +
                 human_value(*system_pct, Unit::Percent) +
                 (iowait_pct ? ", iowait " + human_value(*iowait_pct, Unit::Percent) : "") + ")";
    Result result = measure_object("", "CPU", {{"used", used, Unit::Percent, rules.used, 100, true},
                                               {"user", user_pct, Unit::Percent, rules.user, 100},
                                               {"system", system_pct, Unit::Percent, rules.system, 100},
                                               {"iowait", iowait_pct, Unit::Percent, rules.iowait, 100},
                                               {"vcpus", vcpus, Unit::Count},
                                               {"overcommit", overcommit, Unit::Count, rules.overcommit}},
                                   detail);
    if (!used && rates.has_baseline()) {
        result.state = worst(result.state, State::Unknown);
        result.text = "CPU use unknown: the driver's CPU counters are missing or did not advance";
    } else if (!used) {
        result.text = "CPU use from the next run";
    }
    result.text += "; " + std::to_string(static_cast<long>(vcpus)) + " vCPUs of running VMs on " +
                   std::to_string(host.cpus) + " CPU threads" + (overcommit ? " (" + ratio(*overcommit) + " per thread)" : "");
    if (!note.empty() && rates.has_baseline()) result.text += "; " + note;  // a replaced state file
    return result;
}

Result evaluate_host_memory(const libvirt::HostInfo& host, const std::optional<libvirt::NodeMemoryStats>& memory,
                            const std::vector<libvirt::DomainStats>& running, const HostMemoryRules& rules) {
    double assigned = 0;
    for (const auto& vm : running) assigned += static_cast<double>(vm.balloon.current_kib.value_or(0)) * KiB;
    std::optional<double> total, free, used, percent, overcommit;
    if (memory) {
        total = bytes(memory->total_kib);
        free = bytes(memory->free_kib);
        // Buffers and page cache are given back on demand: not counted as used.
        if (total && free && *total > 0) {
            used = *total - *free - bytes(memory->buffers_kib).value_or(0) - bytes(memory->cached_kib).value_or(0);
            percent = *used / *total * 100;
        }
    }
    double host_bytes = total.value_or(static_cast<double>(host.memory_bytes));
    if (host_bytes > 0) overcommit = assigned / host_bytes * 100;
    std::string detail = percent ? "used (" + human_value(*used, Unit::Bytes) + " of " + human_value(*total, Unit::Bytes) +
                                       ", cache and buffers not counted)"
                                 : "";
    Result result = measure_object("", "memory",
                                   {{"used_percent", percent, Unit::Percent, rules.used_percent, 100, true},
                                    {"used", used, Unit::Bytes, rules.used},
                                    {"free", free, Unit::Bytes, rules.free},
                                    {"buffers", bytes(memory ? memory->buffers_kib : std::nullopt), Unit::Bytes},
                                    {"cached", bytes(memory ? memory->cached_kib : std::nullopt), Unit::Bytes},
                                    {"vm_assigned", assigned, Unit::Bytes},
                                    {"overcommit", overcommit, Unit::Percent, rules.overcommit}},
                                   detail);
    if (!percent) {
        result.state = worst(result.state, State::Unknown);
        result.text = "host memory use not available from this driver";
    }
    result.text += "; " + human_value(assigned, Unit::Bytes) + " assigned to " + std::to_string(running.size()) +
                   " running VMs" + (overcommit ? " (" + human_value(*overcommit, Unit::Percent) + " of host memory)" : "");
    return result;
}

}  // namespace virtcheck
