#include "collect/libvirt/module/domain_stats.hpp"

#include <libvirt/virterror.h>

#include <charconv>
#include <cstring>
#include <memory>
#include <string_view>

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

// "vcpu.3.delay" -> (3, "delay")
bool vcpu_field(std::string_view field, std::size_t& index, std::string_view& name) {
    if (!field.starts_with("vcpu.")) return false;
    field.remove_prefix(5);
    auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), index);
    if (ec != std::errc{} || end == field.data() || *end != '.') return false;
    name = std::string_view(end + 1, field.data() + field.size() - end - 1);
    return index < 4096;  // a bound against hostile records
}

struct DomainListFree {
    void operator()(virDomainStatsRecordPtr* records) const { virDomainStatsRecordListFree(records); }
};

void identify(virDomainPtr domain, DomainStats& stats) {
    if (const char* name = virDomainGetName(domain)) stats.name = name;
    char uuid[VIR_UUID_STRING_BUFLEN] = {};
    if (virDomainGetUUIDString(domain, uuid) == 0) stats.uuid = uuid;
    unsigned id = virDomainGetID(domain);
    stats.id = id == static_cast<unsigned>(-1) ? -1 : static_cast<int>(id);
}

// Per-domain calls for drivers whose bulk stats lack the groups (the test driver, esx).
void fill_in(virDomainPtr domain, unsigned groups, DomainStats& stats) {
    virDomainInfo info{};
    if ((groups & (StatCpu | StatVcpu)) && virDomainGetInfo(domain, &info) == 0) {
        if (!stats.cpu_time_ns) stats.cpu_time_ns = info.cpuTime;
        if (!stats.vcpus) stats.vcpus = info.nrVirtCpu;
    }
    if ((groups & StatVcpu) && stats.vcpu.empty() && stats.state == DomainState::Running && info.nrVirtCpu > 0) {
        std::vector<virVcpuInfo> vcpus(info.nrVirtCpu);
        int n = virDomainGetVcpus(domain, vcpus.data(), static_cast<int>(vcpus.size()), nullptr, 0);
        for (int i = 0; i < n; ++i) stats.vcpu.push_back({vcpus[i].cpuTime, std::nullopt, std::nullopt});
    }
}

bool has_requested(const DomainStats& stats, unsigned groups) {
    return !(groups & StatCpu) || stats.cpu_time_ns.has_value();
}

}  // namespace

void read_stats_record(const virTypedParameter* params, int count, DomainStats& out) {
    for (int i = 0; i < count; ++i) {
        const virTypedParameter& p = params[i];
        std::string_view field(p.field, strnlen(p.field, VIR_TYPED_PARAM_FIELD_LENGTH));
        auto value = as_unsigned(p);
        if (!value) continue;
        std::size_t index = 0;
        std::string_view name;
        if (field == "state.state") {
            out.state = *value <= 7 ? static_cast<DomainState>(*value) : DomainState::NoState;
        } else if (field == "state.reason") {
            out.reason = static_cast<int>(*value);
        } else if (field == "cpu.time") {
            out.cpu_time_ns = *value;
        } else if (field == "vcpu.current") {
            out.vcpus = static_cast<unsigned>(*value);
        } else if (vcpu_field(field, index, name)) {
            if (out.vcpu.size() <= index) out.vcpu.resize(index + 1);
            if (name == "time") out.vcpu[index].time_ns = *value;
            if (name == "wait") out.vcpu[index].wait_ns = *value;
            if (name == "delay") out.vcpu[index].delay_ns = *value;
        }
    }
}

std::vector<DomainStats> collect_domain_stats(virConnectPtr connection, const std::string& uri, unsigned groups,
                                              bool running_only, Progress& progress) {
    progress.stage("reading VM statistics from " + uri);
    unsigned flags = running_only ? static_cast<unsigned>(VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE) : 0u;
    virDomainStatsRecordPtr* raw = nullptr;
    // NOWAIT: a VM stuck in a job (migration, shutdown) must not stall the whole check.
    int count = virConnectGetAllDomainStats(connection, groups | StatState, &raw,
                                            flags | VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT);
    if (count < 0) {
        const virError* error = virGetLastError();
        bool flag_refused = error && (error->code == VIR_ERR_INVALID_ARG || error->code == VIR_ERR_NO_SUPPORT);
        if (!flag_refused) throw last_error(uri, "reading VM statistics");
        count = virConnectGetAllDomainStats(connection, groups | StatState, &raw, flags);
        if (count < 0) throw last_error(uri, "reading VM statistics");
    }
    std::unique_ptr<virDomainStatsRecordPtr, DomainListFree> records(raw);

    std::vector<DomainStats> all(count);
    bool any_running_complete = false;
    for (int i = 0; i < count; ++i) {
        identify(raw[i]->dom, all[i]);
        read_stats_record(raw[i]->params, raw[i]->nparams, all[i]);
        if (all[i].state == DomainState::Running && has_requested(all[i], groups)) any_running_complete = true;
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
    }
    return all;
}

}  // namespace virtcheck::libvirt
