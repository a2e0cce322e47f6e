#include "collect/libvirt/module/domain_stats.hpp"

#include <libvirt/virterror.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <memory>
#include <string_view>

#include "collect/libvirt/module/domain_xml.hpp"
#include "collect/libvirt/module/error_mapping.hpp"

namespace virtcheck::libvirt {
namespace {

std::optional<std::uint64_t> as_unsigned(const virTypedParameter& p) {
    switch (p.type) {
        case VIR_TYPED_PARAM_INT: return p.value.i >= 0 ? std::optional<std::uint64_t>(p.value.i) : std::nullopt;
        case VIR_TYPED_PARAM_UINT: return p.value.ui;
        case VIR_TYPED_PARAM_LLONG: return p.value.l >= 0 ? std::optional<std::uint64_t>(p.value.l) : std::nullopt;
        case VIR_TYPED_PARAM_ULLONG: return p.value.ul;
        default: return std::nullopt;
    }
}

// "vcpu.3.delay" with prefix "vcpu." -> (3, "delay")
bool indexed_field(std::string_view field, std::string_view prefix, std::size_t& index, std::string_view& name) {
    if (!field.starts_with(prefix)) return false;
    field.remove_prefix(prefix.size());
    auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), index);
    if (ec != std::errc{} || end == field.data() || *end != '.') return false;
    name = std::string_view(end + 1, field.data() + field.size() - end - 1);
    return index < 4096;  // a bound against hostile records
}

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

// Which stat group a field belongs to ("block.count" -> model::StatDisk).
unsigned group_of(std::string_view field) {
    static const std::pair<std::string_view, unsigned> prefixes[] = {
        {"cpu.", model::StatCpu}, {"balloon.", model::StatMemory}, {"vcpu.", model::StatVcpu}, {"net.", model::StatInterface}, {"block.", model::StatDisk}};
    for (const auto& [prefix, group] : prefixes)
        if (field.starts_with(prefix)) return group;
    return 0;
}

template <typename T>
T& slot(std::vector<T>& items, std::size_t index) {
    if (items.size() <= index) items.resize(index + 1);
    return items[index];
}

// Sets the member the table names for `name`, if any.
template <typename Stats, std::size_t N>
void assign(const std::pair<std::string_view, model::Counter Stats::*> (&fields)[N], std::string_view name,
            std::uint64_t value, Stats& stats) {
    for (const auto& [field, member] : fields)
        if (name == field) stats.*member = value;
}

void read_balloon(std::string_view name, std::uint64_t value, model::MemoryStats& b) {
    static const std::pair<std::string_view, model::Counter model::MemoryStats::*> fields[] = {
        {"current", &model::MemoryStats::current_kib},     {"maximum", &model::MemoryStats::maximum_kib},
        {"available", &model::MemoryStats::available_kib}, {"unused", &model::MemoryStats::unused_kib},
        {"usable", &model::MemoryStats::usable_kib},       {"rss", &model::MemoryStats::rss_kib},
        {"disk_caches", &model::MemoryStats::disk_caches_kib}, {"swap_in", &model::MemoryStats::swap_in_kib},
        {"swap_out", &model::MemoryStats::swap_out_kib},   {"major_fault", &model::MemoryStats::major_faults},
        {"minor_fault", &model::MemoryStats::minor_faults}};
    assign(fields, name, value, b);
}

void read_block(std::string_view name, std::uint64_t value, model::Disk& b) {
    static const std::pair<std::string_view, model::Counter model::Disk::*> fields[] = {
        {"rd.reqs", &model::Disk::read_requests}, {"rd.bytes", &model::Disk::read_bytes},
        {"rd.times", &model::Disk::read_ns},      {"wr.reqs", &model::Disk::write_requests},
        {"wr.bytes", &model::Disk::write_bytes},  {"wr.times", &model::Disk::write_ns},
        {"errors", &model::Disk::errors},         {"allocation", &model::Disk::allocation},
        {"capacity", &model::Disk::capacity},     {"physical", &model::Disk::physical}};
    assign(fields, name, value, b);
}

void read_interface(std::string_view name, std::uint64_t value, model::Interface& n) {
    static const std::pair<std::string_view, model::Counter model::Interface::*> fields[] = {
        {"rx.bytes", &model::Interface::rx_bytes}, {"rx.pkts", &model::Interface::rx_packets},
        {"rx.errs", &model::Interface::rx_errors}, {"rx.drop", &model::Interface::rx_drops},
        {"tx.bytes", &model::Interface::tx_bytes}, {"tx.pkts", &model::Interface::tx_packets},
        {"tx.errs", &model::Interface::tx_errors}, {"tx.drop", &model::Interface::tx_drops}};
    assign(fields, name, value, n);
}

void read_string(std::string_view field, const char* text, model::Vm& out) {
    std::size_t index = 0;
    std::string_view name;
    if (!text) return;
    if (indexed_field(field, "block.", index, name) && name == "name") slot(out.disks, index).name = text;
    if (indexed_field(field, "block.", index, name) && name == "path") slot(out.disks, index).path = text;
    if (indexed_field(field, "net.", index, name) && name == "name") slot(out.interfaces, index).name = text;
}

}  // namespace

void read_stats_record(const virTypedParameter* params, int count, model::Vm& out) {
    for (int i = 0; i < count; ++i) {
        const virTypedParameter& p = params[i];
        std::string_view field(p.field, strnlen(p.field, VIR_TYPED_PARAM_FIELD_LENGTH));
        out.reported_groups |= group_of(field);
        if (p.type == VIR_TYPED_PARAM_STRING) read_string(field, p.value.s, out);
        auto value = as_unsigned(p);
        if (!value) continue;
        std::size_t index = 0;
        std::string_view name;
        if (field.starts_with("balloon.")) {
            read_balloon(field.substr(8), *value, out.memory);
        } else if (indexed_field(field, "block.", index, name)) {
            read_block(name, *value, slot(out.disks, index));
        } else if (indexed_field(field, "net.", index, name)) {
            read_interface(name, *value, slot(out.interfaces, index));
        } else if (field == "state.state") {
            out.state = *value <= 7 ? static_cast<model::VmState>(*value) : model::VmState::NoState;
        } else if (field == "state.reason") {
            out.reason = static_cast<int>(*value);
        } else if (field == "cpu.time") {
            out.cpu_time_ns = *value;
        } else if (field == "vcpu.current") {
            out.vcpus = static_cast<unsigned>(*value);
        } else if (indexed_field(field, "vcpu.", index, name)) {
            auto& vcpu = slot(out.vcpu, index);
            if (name == "time") vcpu.time_ns = *value;
            if (name == "wait") vcpu.wait_ns = *value;
            if (name == "delay") vcpu.delay_ns = *value;
        }
    }
}

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
