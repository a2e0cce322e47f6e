#include "collect/libvirt/common/stats_record.hpp"

#include <charconv>
#include <cstring>
#include <string_view>

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

}  // namespace virtcheck::libvirt
