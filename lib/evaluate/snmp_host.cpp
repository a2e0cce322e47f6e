#include "evaluate/snmp_host.hpp"

#include <algorithm>

#include "evaluate/measurements.hpp"

namespace virtcheck {

Result evaluate_snmp_host_cpu(const std::vector<snmp::ProcessorLoad>& loads, const Thresholds& average,
                              const Thresholds& busiest) {
    if (loads.empty())
        return {State::Unknown, "the SNMP agent has no hrProcessorLoad (1.3.6.1.2.1.25.3.3.1.2): net-snmp fills it "
                                "about a minute after it starts"};
    double sum = 0;
    const snmp::ProcessorLoad* top = &loads.front();
    for (const auto& load : loads) {
        if (!load.percent)
            return {State::Unknown, "hrProcessorLoad of CPU " + load.cpu + " is '" + load.raw + "', not a percentage"};
        sum += *load.percent;
        if (*load.percent > *top->percent) top = &load;
    }
    double mean = sum / static_cast<double>(loads.size());
    std::string detail = "average over " + std::to_string(loads.size()) + (loads.size() == 1 ? " CPU" : " CPUs") +
                         ", busiest " + human_value(*top->percent, Unit::Percent) + " (hrDeviceIndex " + top->cpu + ")";
    return measure_object("", "CPU", {{"used", mean, Unit::Percent, average, 100, true},
                                      {"busiest", *top->percent, Unit::Percent, busiest, 100},
                                      {"cpus", static_cast<double>(loads.size()), Unit::Count}},
                          detail);
}

Result evaluate_snmp_host_memory(const std::vector<snmp::StorageArea>& storage, const snmp::UcdMemory& ucd,
                                 const HostMemoryRules& rules) {
    constexpr double KiB = 1024;
    auto bytes = [](const std::optional<std::uint64_t>& kib) -> std::optional<double> {
        if (!kib) return std::nullopt;
        return static_cast<double>(*kib) * KiB;
    };
    std::optional<double> total, free, used, buffers, cached;
    std::string source;
    if (ucd.total_kib && ucd.available_kib && *ucd.total_kib > 0) {
        // Buffers and page cache are given back on demand: not counted as used.
        total = bytes(ucd.total_kib), free = bytes(ucd.available_kib);
        buffers = bytes(ucd.buffers_kib), cached = bytes(ucd.cached_kib);
        used = std::max(0.0, *total - *free - buffers.value_or(0) - cached.value_or(0));
        source = "cache and buffers not counted";
    } else {
        auto ram = std::find_if(storage.begin(), storage.end(),
                                [](const auto& area) { return area.type == snmp::storage_ram; });
        if (ram == storage.end())
            return {State::Unknown, "the agent gives neither UCD-SNMP-MIB memory nor an hrStorageRam row"};
        if (!ram->problem.empty() || !ram->size_bytes || *ram->size_bytes == 0)
            return {State::Unknown, "host memory: " + (ram->problem.empty() ? "no size" : ram->problem)};
        total = static_cast<double>(*ram->size_bytes);
        used = static_cast<double>(*ram->used_bytes);
        free = *total - *used;
        source = "hrStorageRam, may include cache";
    }
    double percent = *used / *total * 100;
    std::string detail = "used (" + human_value(*used, Unit::Bytes) + " of " + human_value(*total, Unit::Bytes) + ", " +
                         source + ")";
    return measure_object("", "memory",
                          {{"used_percent", percent, Unit::Percent, rules.used_percent, 100, true},
                           {"used", used, Unit::Bytes, rules.used, total},
                           {"free", free, Unit::Bytes, rules.free, total},
                           {"buffers", buffers, Unit::Bytes},
                           {"cached", cached, Unit::Bytes}},
                          detail);
}

}  // namespace virtcheck
