#include "collect/snmp/host_figures.hpp"

#include <algorithm>

namespace virtcheck::snmp {
namespace {

const Oid sys_object_id{1, 3, 6, 1, 2, 1, 1, 2, 0};

}  // namespace

model::HostCpu host_cpu_of(std::vector<model::CpuLoad> loads, const std::string& sys_object_id) {
    model::HostCpu cpu;
    cpu.loads = std::move(loads);
    cpu.loads_source = "hrProcessorLoad";
    cpu.load_index_name = "hrDeviceIndex";
    if (cpu.loads.empty()) {
        cpu.problem = "the SNMP agent has no hrProcessorLoad (1.3.6.1.2.1.25.3.3.1.2)";
        // Only net-snmp (enterprise 8072) is known to fill the table late, not Windows or iLO agents.
        if (sys_object_id.starts_with("1.3.6.1.4.1.8072.")) cpu.problem += ": net-snmp fills it about a minute after it starts";
    }
    return cpu;
}

model::HostCpu read_host_cpu(Session& session) {
    auto loads = read_processor_load(session.walk(hr_processor_load));
    std::string agent;
    if (loads.empty()) {
        auto answer = session.get({sys_object_id});
        if (!answer.empty() && answer[0].value.type == Value::Type::ObjectId) agent = answer[0].value.text;
    }
    return host_cpu_of(std::move(loads), agent);
}

model::HostMemory host_memory_of(const std::vector<StorageArea>& storage, const UcdMemory& ucd) {
    constexpr double KiB = 1024;
    auto bytes = [](const std::optional<std::uint64_t>& kib) -> std::optional<double> {
        if (!kib) return std::nullopt;
        return static_cast<double>(*kib) * KiB;
    };
    model::HostMemory memory;
    if (ucd.total_kib && (ucd.available_kib || ucd.free_kib) && *ucd.total_kib > 0) {
        memory.total = bytes(ucd.total_kib), memory.available = bytes(ucd.available_kib);
        memory.free = bytes(ucd.free_kib), memory.buffers = bytes(ucd.buffers_kib), memory.cached = bytes(ucd.cached_kib);
        memory.basis = ucd.available_kib ? "total - MemAvailable (memSysAvail)"
                                         : "memAvailReal + memBuffer + memCached counted as available (no memSysAvail)";
        return memory;
    }
    auto ram = std::find_if(storage.begin(), storage.end(), [](const auto& area) { return area.type == storage_ram; });
    if (ram == storage.end()) {
        memory.problem = "the agent gives neither UCD-SNMP-MIB memory nor an hrStorageRam row";
    } else if (!ram->problem.empty() || !ram->size_bytes || *ram->size_bytes == 0) {
        memory.problem = "host memory: " + (ram->problem.empty() ? "no size" : ram->problem);
    } else {
        memory.total = static_cast<double>(*ram->size_bytes);
        memory.free = *memory.total - static_cast<double>(*ram->used_bytes);
        memory.basis = "hrStorageRam, may include cache";
    }
    return memory;
}

}  // namespace virtcheck::snmp
