#include "collect/libvirt/module/domain_stats.hpp"

#include <libvirt/virterror.h>

#include <algorithm>
#include <memory>

#include "collect/libvirt/module/domain_xml.hpp"
#include "collect/libvirt/module/error_mapping.hpp"

namespace virtcheck::libvirt {
namespace {

struct DomainListFree {
    void operator()(virDomainStatsRecordPtr* records) const { virDomainStatsRecordListFree(records); }
};

void identify(virDomainPtr domain, model::Vm& stats) {
    if (const char* name = virDomainGetName(domain)) stats.name = name;
    char uuid[VIR_UUID_STRING_BUFLEN] = {};
    if (virDomainGetUUIDString(domain, uuid) == 0) stats.uuid = uuid;
    unsigned id = virDomainGetID(domain);
    stats.id = id == static_cast<unsigned>(-1) ? -1 : static_cast<int>(id);
}

void fill_in_memory(virDomainPtr domain, const virDomainInfo& info, model::MemoryStats& b) {
    if (info.memory > 0) b.current_kib = info.memory;
    if (info.maxMem > 0) b.maximum_kib = info.maxMem;
    virDomainMemoryStatStruct stats[VIR_DOMAIN_MEMORY_STAT_NR];
    int n = virDomainMemoryStats(domain, stats, VIR_DOMAIN_MEMORY_STAT_NR, 0);
    for (int i = 0; i < n; ++i) {
        switch (stats[i].tag) {
            case VIR_DOMAIN_MEMORY_STAT_SWAP_IN: b.swap_in_kib = stats[i].val; break;
            case VIR_DOMAIN_MEMORY_STAT_SWAP_OUT: b.swap_out_kib = stats[i].val; break;
            case VIR_DOMAIN_MEMORY_STAT_MAJOR_FAULT: b.major_faults = stats[i].val; break;
            case VIR_DOMAIN_MEMORY_STAT_MINOR_FAULT: b.minor_faults = stats[i].val; break;
            case VIR_DOMAIN_MEMORY_STAT_UNUSED: b.unused_kib = stats[i].val; break;
            case VIR_DOMAIN_MEMORY_STAT_AVAILABLE: b.available_kib = stats[i].val; break;
            case VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON: b.current_kib = stats[i].val; break;
            case VIR_DOMAIN_MEMORY_STAT_RSS: b.rss_kib = stats[i].val; break;
            case VIR_DOMAIN_MEMORY_STAT_USABLE: b.usable_kib = stats[i].val; break;
            case VIR_DOMAIN_MEMORY_STAT_DISK_CACHES: b.disk_caches_kib = stats[i].val; break;
            default: break;
        }
    }
}

void fill_in_devices(virDomainPtr domain, unsigned groups, model::Vm& stats) {
    std::unique_ptr<char, void (*)(void*)> xml(virDomainGetXMLDesc(domain, 0), std::free);
    if (!xml) return;
    auto devices = parse_domain_devices(xml.get());
    if ((groups & model::StatDisk) && stats.disks.empty()) {
        for (const auto& [target, source, type] : devices.disks) {
            model::Disk block{target, source};
            virDomainBlockStatsStruct io{};
            if (virDomainBlockStats(domain, target.c_str(), &io, sizeof io) == 0) {
                auto known = [](long long v) { return v >= 0 ? model::Counter(v) : std::nullopt; };
                block.read_requests = known(io.rd_req), block.read_bytes = known(io.rd_bytes);
                block.write_requests = known(io.wr_req), block.write_bytes = known(io.wr_bytes);
                block.errors = known(io.errs);
            }
            virDomainBlockInfo size{};
            if (virDomainGetBlockInfo(domain, target.c_str(), &size, 0) == 0)
                block.capacity = size.capacity, block.allocation = size.allocation, block.physical = size.physical;
            stats.disks.push_back(std::move(block));
        }
    }
    if ((groups & model::StatInterface) && stats.interfaces.empty()) {
        for (const auto& target : devices.interfaces) {
            model::Interface net{target};
            virDomainInterfaceStatsStruct io{};
            if (virDomainInterfaceStats(domain, target.c_str(), &io, sizeof io) == 0) {
                auto known = [](long long v) { return v >= 0 ? model::Counter(v) : std::nullopt; };
                net.rx_bytes = known(io.rx_bytes), net.rx_packets = known(io.rx_packets);
                net.rx_errors = known(io.rx_errs), net.rx_drops = known(io.rx_drop);
                net.tx_bytes = known(io.tx_bytes), net.tx_packets = known(io.tx_packets);
                net.tx_errors = known(io.tx_errs), net.tx_drops = known(io.tx_drop);
            }
            stats.interfaces.push_back(std::move(net));
        }
    }
}

void read_disk_errors(virDomainPtr domain, model::Vm& stats) {
    virDomainDiskError errors[64];
    int n = virDomainGetDiskErrors(domain, errors, 64, 0);
    for (int i = 0; i < n; ++i) {
        const char* what = errors[i].error == VIR_DOMAIN_DISK_ERROR_NO_SPACE ? "no space left on the device"
                                                                             : "I/O error (unspecified)";
        if (errors[i].error != VIR_DOMAIN_DISK_ERROR_NONE)
            stats.disk_errors.push_back(std::string(errors[i].disk ? errors[i].disk : "?") + ": " + what);
        std::free(errors[i].disk);
    }
}

// Per-domain calls for drivers whose bulk stats lack the groups (the test driver, esx).
void fill_in(virDomainPtr domain, unsigned groups, model::Vm& stats) {
    virDomainInfo info{};
    if ((groups & (model::StatCpu | model::StatVcpu | model::StatMemory)) && virDomainGetInfo(domain, &info) == 0) {
        if (!stats.cpu_time_ns) stats.cpu_time_ns = info.cpuTime;
        if (!stats.vcpus) stats.vcpus = info.nrVirtCpu;
    }
    if ((groups & model::StatMemory) && !stats.memory.current_kib) fill_in_memory(domain, info, stats.memory);
    if ((groups & (model::StatDisk | model::StatInterface)) && stats.id >= 0) fill_in_devices(domain, groups, stats);
    if ((groups & model::StatVcpu) && stats.vcpu.empty() && stats.state == model::VmState::Running && info.nrVirtCpu > 0) {
        std::vector<virVcpuInfo> vcpus(info.nrVirtCpu);
        int n = virDomainGetVcpus(domain, vcpus.data(), static_cast<int>(vcpus.size()), nullptr, 0);
        for (int i = 0; i < n; ++i) stats.vcpu.push_back({vcpus[i].cpuTime, std::nullopt, std::nullopt});
    }
}

// Bulk block.N.allocation is QEMU's highest written offset since it started: 0 for an image
// filled before, until the guest writes again. For a disk that is a file, what its image holds
// on the host is block.N.physical (QEMU's actual size), which is also what
// virDomainGetBlockInfo reports then; block devices keep the offset (how far a thin image grew).
void allocation_by_disk_type(virDomainPtr domain, model::Vm& stats) {
    std::unique_ptr<char, void (*)(void*)> xml(virDomainGetXMLDesc(domain, 0), std::free);
    if (!xml) return;
    auto devices = parse_domain_devices(xml.get());
    for (auto& disk : stats.disks) {
        auto device = std::find_if(devices.disks.begin(), devices.disks.end(),
                                   [&](const DiskDevice& d) { return d.target == disk.name; });
        if (device != devices.disks.end() && device->type == "file" && disk.physical) disk.allocation = disk.physical;
    }
}

bool has_requested(const model::Vm& stats, unsigned groups) {
    return (groups & ~static_cast<unsigned>(model::StatState) & ~stats.reported_groups) == 0;
}

}  // namespace

std::vector<model::Vm> collect_domain_stats(virConnectPtr connection, const std::string& uri, unsigned groups,
                                              bool running_only, Progress& progress) {
    progress.stage("reading VM statistics from " + uri);
    unsigned flags = running_only ? static_cast<unsigned>(VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE) : 0u;
    virDomainStatsRecordPtr* raw = nullptr;
    // NOWAIT: a VM stuck in a job (migration, shutdown) must not stall the whole check.
    int count = virConnectGetAllDomainStats(connection, groups | model::StatState, &raw,
                                            flags | VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT);
    if (count < 0) {
        const virError* error = virGetLastError();
        bool flag_refused = error && (error->code == VIR_ERR_INVALID_ARG || error->code == VIR_ERR_NO_SUPPORT);
        if (!flag_refused) throw last_error(uri, "reading VM statistics");
        count = virConnectGetAllDomainStats(connection, groups | model::StatState, &raw, flags);
        if (count < 0) throw last_error(uri, "reading VM statistics");
    }
    std::unique_ptr<virDomainStatsRecordPtr, DomainListFree> records(raw);

    std::vector<model::Vm> all(count);
    bool any_running_complete = false;
    for (int i = 0; i < count; ++i) {
        identify(raw[i]->dom, all[i]);
        read_stats_record(raw[i]->params, raw[i]->nparams, all[i]);
        if (all[i].state == model::VmState::Running && has_requested(all[i], groups)) any_running_complete = true;
    }
    // No running VM has the groups: the driver lacks them, ask each VM. Otherwise a running VM
    // without them was busy (NOWAIT) and is reported as such.
    if (!any_running_complete) progress.stage("reading VM statistics one by one from " + uri);
    for (int i = 0; i < count; ++i) {
        bool active = all[i].id >= 0;
        if (!any_running_complete || !active)
            fill_in(raw[i]->dom, groups, all[i]);
        else if (!has_requested(all[i], groups))
            all[i].busy = true;
        if ((groups & model::StatDisk) && active && !all[i].busy) {
            if (any_running_complete) allocation_by_disk_type(raw[i]->dom, all[i]);
            read_disk_errors(raw[i]->dom, all[i]);
        }
    }
    return all;
}

}  // namespace virtcheck::libvirt
