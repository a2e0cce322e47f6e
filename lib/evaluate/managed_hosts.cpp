// check_host_cpu and check_host_memory for a management server's hosts (vCenter, or an ESXi
// host answering for itself): one row per host from the figures it reports, with what its
// powered-on VMs were given.
#include <algorithm>
#include <cstdio>

#include "evaluate/host.hpp"
#include "evaluate/measurements.hpp"
#include "evaluate/objects.hpp"

namespace virtcheck {
namespace {

std::string megahertz(double mhz) {
    char buffer[32];
    if (mhz >= 1000) std::snprintf(buffer, sizeof buffer, "%.1f GHz", mhz / 1000);
    else std::snprintf(buffer, sizeof buffer, "%.0f MHz", mhz);
    return buffer;
}

std::string count_of(double n, const char* word) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.0f %s%s", n, word, n == 1 ? "" : "s");
    return buffer;
}

// A host the server cannot reach has no figures of its own; check_hypervisor alerts on it.
std::optional<Row> unreachable(const model::HostUse& host) {
    if (host.connection.empty() || host.connection == "connected") return std::nullopt;
    std::string why = host.connection == "notResponding" ? "not responding" : host.connection;
    return Row{{State::Unknown, host.name + " " + why + ", no figures"}};
}

Row cpu_row(const model::HostUse& host, const ThresholdSet& thresholds) {
    if (auto row = unreachable(host)) return *row;
    std::optional<double> used, overcommit;
    if (host.cpu_used_mhz && host.cpu_capacity_mhz && *host.cpu_capacity_mhz > 0)
        used = *host.cpu_used_mhz / *host.cpu_capacity_mhz * 100;
    if (host.cores > 0) overcommit = host.vm_vcpus / host.cores;
    Line line{host.name};
    if (used) line.detail = "used (" + megahertz(*host.cpu_used_mhz) + " of " + megahertz(*host.cpu_capacity_mhz) + ")";
    else line.figures.push_back("CPU use unknown: the server gives no CPU usage or capacity");
    char ratio[32] = "";
    if (overcommit) std::snprintf(ratio, sizeof ratio, " (%.2f per core)", *overcommit);
    line.notes.push_back(count_of(host.vm_vcpus, "vCPU") + " of " + count_of(host.running_vms, "powered-on VM") +
                         " on " + count_of(host.cores, "core") + ratio);
    Result result = measure_object(host.name, line, thresholds,
                                   {{host_cpu::used, used, 100, true},
                                    {"vcpus", Unit::Count, host.vm_vcpus},
                                    {host_cpu::overcommit, overcommit}});
    if (!used) result.state = worst(result.state, State::Unknown);
    std::string brief = used ? host.name + " " + human_value(*used, Unit::Percent) : "";
    return {std::move(result), used, brief};
}

Row memory_row(const model::HostUse& host, const ThresholdSet& thresholds) {
    if (auto row = unreachable(host)) return *row;
    const auto& total = host.memory_total;
    std::optional<double> used, percent, free, overcommit;
    if (host.memory_used && total && *total > 0) {
        used = std::min(*host.memory_used, *total);
        free = *total - *used;
        percent = *used / *total * 100;
    }
    if (total && *total > 0) overcommit = host.vm_memory / *total * 100;
    Line line{host.name};
    if (percent) line.detail = "used (" + human_value(*used, Unit::Bytes) + " of " + human_value(*total, Unit::Bytes) + ")";
    else line.figures.push_back("memory use unknown: the server gives no memory usage or size");
    line.notes.push_back(human_value(host.vm_memory, Unit::Bytes) + " configured for " +
                         count_of(host.running_vms, "powered-on VM") +
                         (overcommit ? " (" + human_value(*overcommit, Unit::Percent) + " of host memory)" : ""));
    Result result = measure_object(host.name, line, thresholds,
                                   {{host_memory::used_percent, percent, 100, true},
                                    {host_memory::used, used, total},
                                    {host_memory::free, free, total},
                                    {"vm_assigned", Unit::Bytes, host.vm_memory},
                                    {host_memory::overcommit, overcommit}});
    if (!percent) result.state = worst(result.state, State::Unknown);
    std::string brief = percent ? host.name + " " + human_value(*percent, Unit::Percent) : "";
    return {std::move(result), percent, brief};
}

template <typename MakeRow>
Result per_host(const std::vector<model::HostUse>& hosts, const char* top_label, MakeRow make_row) {
    const Selection all{"host"};  // narrowed by the backend's own options (--cluster, --esx-host)
    PerObject<model::HostUse> rows(hosts, all, {.top_label = top_label});
    for (const auto* host : rows.selected()) rows.add(make_row(*host));
    rows.root().perfdata.push_back({"hosts", static_cast<double>(rows.selected().size()), Unit::Count, {}, {}, 0});
    return rows.finish();
}

}  // namespace

Result evaluate_managed_host_cpu(const std::vector<model::HostUse>& hosts, const ThresholdSet& thresholds) {
    return per_host(hosts, "busiest", [&](const model::HostUse& host) { return cpu_row(host, thresholds); });
}

Result evaluate_managed_host_memory(const std::vector<model::HostUse>& hosts, const ThresholdSet& thresholds) {
    return per_host(hosts, "fullest", [&](const model::HostUse& host) { return memory_row(host, thresholds); });
}

}  // namespace virtcheck
