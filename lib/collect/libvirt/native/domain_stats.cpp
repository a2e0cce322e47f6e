// Bulk domain statistics with the per-domain fallback, call for call as module/domain_stats.cpp.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <algorithm>
#include <cstring>

#include "collect/libvirt/common/stats_record.hpp"
#include "collect/libvirt/native/collectors.hpp"
#include "collect/libvirt/native/descriptions.hpp"

namespace virtcheck::libvirt::native {
namespace {

// The record as libvirt's client hands it out (virTypedParameter), for the shared reader.
std::vector<virTypedParameter> as_typed_parameters(const std::vector<TypedParam>& params) {
    std::vector<virTypedParameter> out(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
        const TypedParam& p = params[i];
        virTypedParameter& t = out[i];
        std::memset(&t, 0, sizeof t);
        std::memcpy(t.field, p.field.data(), std::min(p.field.size(), sizeof t.field - 1));
        t.type = p.type;
        std::visit(
            [&](const auto& value) {
                using T = std::decay_t<decltype(value)>;
                if constexpr (std::is_same_v<T, std::string>) t.value.s = const_cast<char*>(value.c_str());
                else if constexpr (std::is_same_v<T, double>) t.value.d = value;
                else if constexpr (std::is_same_v<T, std::int32_t>) t.value.i = value;  // INT and BOOLEAN
                else if constexpr (std::is_same_v<T, std::uint32_t>) t.value.ui = value;
                else if constexpr (std::is_same_v<T, std::int64_t>) t.value.l = value;
                else t.value.ul = value;
            },
            p.value);
        if (p.type == VIR_TYPED_PARAM_BOOLEAN) t.value.b = static_cast<char>(std::get<std::int32_t>(p.value));
    }
    return out;
}

void identify(const RemoteDomain& domain, model::Vm& stats) {
    stats.name = domain.name;
    stats.uuid = format_uuid(domain.uuid);
    stats.id = domain.id;
}

bool has_requested(const model::Vm& stats, unsigned groups) {
    return (groups & ~static_cast<unsigned>(model::StatState) & ~stats.reported_groups) == 0;
}

model::Counter known(std::int64_t value) { return value >= 0 ? model::Counter(value) : std::nullopt; }

void fill_in_memory(Session& session, const RemoteDomain& domain, const DomainInfo& info, model::MemoryStats& b) {
    if (info.memory_kib > 0) b.current_kib = info.memory_kib;
    if (info.max_memory_kib > 0) b.maximum_kib = info.max_memory_kib;
    std::vector<MemoryStat> stats;
    try {
        stats = session.remote.domain_memory_stats(domain, VIR_DOMAIN_MEMORY_STAT_NR, 0);
    } catch (const LibvirtError&) {
        return;
    }
    for (const auto& stat : stats) {
        switch (stat.tag) {
            case VIR_DOMAIN_MEMORY_STAT_SWAP_IN: b.swap_in_kib = stat.value; break;
            case VIR_DOMAIN_MEMORY_STAT_SWAP_OUT: b.swap_out_kib = stat.value; break;
            case VIR_DOMAIN_MEMORY_STAT_MAJOR_FAULT: b.major_faults = stat.value; break;
            case VIR_DOMAIN_MEMORY_STAT_MINOR_FAULT: b.minor_faults = stat.value; break;
            case VIR_DOMAIN_MEMORY_STAT_UNUSED: b.unused_kib = stat.value; break;
            case VIR_DOMAIN_MEMORY_STAT_AVAILABLE: b.available_kib = stat.value; break;
            case VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON: b.current_kib = stat.value; break;
            case VIR_DOMAIN_MEMORY_STAT_RSS: b.rss_kib = stat.value; break;
            case VIR_DOMAIN_MEMORY_STAT_USABLE: b.usable_kib = stat.value; break;
            case VIR_DOMAIN_MEMORY_STAT_DISK_CACHES: b.disk_caches_kib = stat.value; break;
            default: break;
        }
    }
}

void fill_in_devices(Session& session, const RemoteDomain& domain, unsigned groups, model::Vm& stats) {
    std::string xml;
    try {
        xml = session.remote.domain_get_xml_desc(domain, 0);
    } catch (const LibvirtError&) {
        return;
    }
    auto devices = read_domain_devices(xml);
    if ((groups & model::StatDisk) && stats.disks.empty()) {
        for (const auto& [target, source, type] : devices.disks) {
            model::Disk block{target, source};
            try {
                BlockIo io = session.remote.domain_block_stats(domain, target);
                block.read_requests = known(io.read_requests), block.read_bytes = known(io.read_bytes);
                block.write_requests = known(io.write_requests), block.write_bytes = known(io.write_bytes);
                block.errors = known(io.errors);
            } catch (const LibvirtError&) {
            }
            try {
                BlockInfo size = session.remote.domain_get_block_info(domain, target, 0);
                block.capacity = size.capacity, block.allocation = size.allocation, block.physical = size.physical;
            } catch (const LibvirtError&) {
            }
            stats.disks.push_back(std::move(block));
        }
    }
    if ((groups & model::StatInterface) && stats.interfaces.empty()) {
        for (const auto& target : devices.interfaces) {
            model::Interface net{target};
            try {
                InterfaceIo io = session.remote.domain_interface_stats(domain, target);
                net.rx_bytes = known(io.rx_bytes), net.rx_packets = known(io.rx_packets);
                net.rx_errors = known(io.rx_errors), net.rx_drops = known(io.rx_drops);
                net.tx_bytes = known(io.tx_bytes), net.tx_packets = known(io.tx_packets);
                net.tx_errors = known(io.tx_errors), net.tx_drops = known(io.tx_drops);
            } catch (const LibvirtError&) {
            }
            stats.interfaces.push_back(std::move(net));
        }
    }
}

void read_disk_errors(Session& session, const RemoteDomain& domain, model::Vm& stats) {
    std::vector<DiskError> errors;
    try {
        errors = session.remote.domain_get_disk_errors(domain, 64, 0);
    } catch (const LibvirtError&) {
        return;
    }
    for (const auto& error : errors) {
        const char* what = error.error == VIR_DOMAIN_DISK_ERROR_NO_SPACE ? "no space left on the device"
                                                                         : "I/O error (unspecified)";
        if (error.error != VIR_DOMAIN_DISK_ERROR_NONE) stats.disk_errors.push_back(error.disk + ": " + what);
    }
}

// As module/domain_stats.cpp: a file-backed disk's allocation is what its image holds on the
// host (block.N.physical), not QEMU's highest written offset since it started.
void allocation_by_disk_type(Session& session, const RemoteDomain& domain, model::Vm& stats) {
    std::string xml;
    try {
        xml = session.remote.domain_get_xml_desc(domain, 0);
    } catch (const LibvirtError&) {
        return;
    }
    auto devices = read_domain_devices(xml);
    for (auto& disk : stats.disks) {
        auto device = std::find_if(devices.disks.begin(), devices.disks.end(),
                                   [&](const DiskDevice& d) { return d.target == disk.name; });
        if (device != devices.disks.end() && device->type == "file" && disk.physical) disk.allocation = disk.physical;
    }
}

// Per-domain calls for drivers whose bulk stats lack the groups (the test driver, esx).
void fill_in(Session& session, const RemoteDomain& domain, unsigned groups, model::Vm& stats) {
    DomainInfo info;
    if (groups & (model::StatCpu | model::StatVcpu | model::StatMemory)) {
        try {
            info = session.remote.domain_get_info(domain);
            if (!stats.cpu_time_ns) stats.cpu_time_ns = info.cpu_time_ns;
            if (!stats.vcpus) stats.vcpus = info.vcpus;
        } catch (const LibvirtError&) {
            info = DomainInfo{};
        }
    }
    if ((groups & model::StatMemory) && !stats.memory.current_kib) fill_in_memory(session, domain, info, stats.memory);
    if ((groups & (model::StatDisk | model::StatInterface)) && stats.id >= 0) fill_in_devices(session, domain, groups, stats);
    if ((groups & model::StatVcpu) && stats.vcpu.empty() && stats.state == model::VmState::Running && info.vcpus > 0) {
        try {
            for (const auto& vcpu : session.remote.domain_get_vcpus(domain, info.vcpus))
                stats.vcpu.push_back({vcpu.cpu_time_ns, std::nullopt, std::nullopt});
        } catch (const LibvirtError&) {
        }
    }
}

}  // namespace

std::vector<model::Vm> collect_domain_stats(Session& session, unsigned groups, bool running_only) {
    session.progress.stage("reading VM statistics from " + session.uri);
    unsigned flags = running_only ? static_cast<unsigned>(VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE) : 0u;
    std::vector<DomainStatsRecord> records;
    // NOWAIT: a VM stuck in a job (migration, shutdown) must not stall the whole check.
    try {
        records = session.remote.connect_get_all_domain_stats(groups | model::StatState,
                                                              flags | VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT);
    } catch (const LibvirtError& e) {
        bool flag_refused = e.code == VIR_ERR_INVALID_ARG || e.code == VIR_ERR_NO_SUPPORT;
        if (!flag_refused) throw session.failure(e, "reading VM statistics");
        try {
            records = session.remote.connect_get_all_domain_stats(groups | model::StatState, flags);
        } catch (const LibvirtError& again) {
            throw session.failure(again, "reading VM statistics");
        }
    }

    std::vector<model::Vm> all(records.size());
    bool any_running_complete = false;
    for (std::size_t i = 0; i < records.size(); ++i) {
        identify(records[i].domain, all[i]);
        auto params = as_typed_parameters(records[i].params);
        read_stats_record(params.data(), static_cast<int>(params.size()), all[i]);
        if (all[i].state == model::VmState::Running && has_requested(all[i], groups)) any_running_complete = true;
    }
    // No running VM has the groups: the driver lacks them, ask each VM. Otherwise a running VM
    // without them was busy (NOWAIT) and is reported as such.
    if (!any_running_complete) session.progress.stage("reading VM statistics one by one from " + session.uri);
    for (std::size_t i = 0; i < records.size(); ++i) {
        bool active = all[i].id >= 0;
        if (!any_running_complete || !active)
            fill_in(session, records[i].domain, groups, all[i]);
        else if (!has_requested(all[i], groups))
            all[i].busy = true;
        if ((groups & model::StatDisk) && active && !all[i].busy) {
            if (any_running_complete) allocation_by_disk_type(session, records[i].domain, all[i]);
            read_disk_errors(session, records[i].domain, all[i]);
        }
    }
    return all;
}

}  // namespace virtcheck::libvirt::native
