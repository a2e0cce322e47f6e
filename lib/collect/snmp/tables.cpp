#include "collect/snmp/tables.hpp"

#include <algorithm>
#include <set>

namespace virtcheck::snmp {
namespace {

std::string index_text(const Oid& index) { return to_string(index); }

std::optional<std::int64_t> signed_of(const Value& value) {
    if (value.type == Value::Type::Integer) return value.integer;
    if (value.type == Value::Type::Unsigned) return static_cast<std::int64_t>(value.number);
    return std::nullopt;
}

std::optional<std::uint64_t> unsigned_of(const Value& value) {
    auto number = signed_of(value);
    if (!number || *number < 0) return std::nullopt;
    return static_cast<std::uint64_t>(*number);
}

std::string text_of(const Value& value) {
    return value.type == Value::Type::OctetString || value.type == Value::Type::ObjectId ? value.text : "";
}

// units * unit_bytes, or nothing when the product does not fit in 64 bits.
std::optional<std::uint64_t> bytes_of(std::int64_t units, std::int64_t unit_bytes) {
    std::uint64_t bytes = 0;
    if (__builtin_mul_overflow(static_cast<std::uint64_t>(units), static_cast<std::uint64_t>(unit_bytes), &bytes))
        return std::nullopt;
    return bytes;
}

const Value* column(const Row& row, std::uint32_t number) {
    auto it = row.columns.find(number);
    if (it == row.columns.end()) return nullptr;
    auto type = it->second.type;
    bool missing = type == Value::Type::NoSuchObject || type == Value::Type::NoSuchInstance ||
                   type == Value::Type::EndOfMibView || type == Value::Type::Null;
    return missing ? nullptr : &it->second;
}

}  // namespace

std::vector<Row> rows_of(const std::vector<VarBind>& walked, const Oid& entry) {
    std::vector<Row> rows;
    std::map<Oid, std::size_t> position;
    for (const auto& [oid, value] : walked) {
        if (!within(oid, entry) || oid.size() < entry.size() + 2) continue;
        std::uint32_t number = oid[entry.size()];
        Oid index(oid.begin() + static_cast<std::ptrdiff_t>(entry.size()) + 1, oid.end());
        auto [it, added] = position.emplace(index, rows.size());
        if (added) rows.push_back({index, {}});
        rows[it->second].columns[number] = value;
    }
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.index < b.index; });
    return rows;
}

std::vector<model::CpuLoad> read_processor_load(const std::vector<VarBind>& walked) {
    std::vector<model::CpuLoad> loads;
    for (const auto& [oid, value] : walked) {
        if (!within(oid, hr_processor_load) || oid.size() <= hr_processor_load.size()) continue;
        Oid index(oid.begin() + static_cast<std::ptrdiff_t>(hr_processor_load.size()), oid.end());
        model::CpuLoad load{index_text(index), std::nullopt, value.type == Value::Type::OctetString ? value.text : ""};
        if (auto percent = signed_of(value)) {
            load.raw = std::to_string(*percent);
            if (*percent >= 0 && *percent <= 100) load.percent = static_cast<double>(*percent);
        }
        loads.push_back(std::move(load));
    }
    return loads;
}

std::vector<StorageArea> read_storage(const std::vector<VarBind>& walked) {
    std::vector<StorageArea> areas;
    std::set<std::tuple<std::string, std::string, std::optional<std::uint64_t>, std::optional<std::uint64_t>>> seen;
    for (const Row& row : rows_of(walked, hr_storage_entry)) {
        StorageArea area;
        area.index = index_text(row.index);
        const Value *type = column(row, 2), *description = column(row, 3), *units = column(row, 4),
                    *size = column(row, 5), *used = column(row, 6);
        if (type) area.type = text_of(*type);
        area.description = description ? text_of(*description) : "";
        if (area.description.empty()) area.description = "storage " + area.index;
        std::vector<std::string> missing;
        if (!units) missing.push_back("hrStorageAllocationUnits (.4)");
        if (!size) missing.push_back("hrStorageSize (.5)");
        if (!used) missing.push_back("hrStorageUsed (.6)");
        if (!missing.empty()) {
            for (const auto& m : missing) area.problem += (area.problem.empty() ? "missing " : ", ") + m;
        } else {
            auto unit = signed_of(*units), blocks = signed_of(*size), in_use = signed_of(*used);
            if (!unit || !blocks || !in_use) {
                area.problem = "sizes are not numbers";
            } else if (*unit == 0 || *blocks == 0) {
                continue;  // no allocation unit or no size: a CD-ROM, absent swap; nothing to measure
            } else if (*blocks < 0 || *in_use < 0 || *in_use > *blocks || *unit < 0) {
                // ESXi without "largestorage" wraps sizes over 2 TB into negative Integer32s.
                area.problem = "size " + std::to_string(*blocks) + " and used " + std::to_string(*in_use) +
                               " units are not plausible (Integer32 overflow of a volume over 2 TB?)";
            } else if (auto size = bytes_of(*blocks, *unit), used_bytes = bytes_of(*in_use, *unit); !size || !used_bytes) {
                // Agents answering with Counter64s can claim more than 64 bits of bytes: an
                // impossible row, not a wrapped-around small number.
                area.problem = "size " + std::to_string(*blocks) + " and used " + std::to_string(*in_use) + " units of " +
                               std::to_string(*unit) + " bytes are more than 16 EiB: not a real volume";
            } else {
                area.size_bytes = size;
                area.used_bytes = used_bytes;
            }
        }
        // Some agents list the same area twice; one row is enough.
        if (!seen.insert({area.type, area.description, area.size_bytes, area.used_bytes}).second) continue;
        areas.push_back(std::move(area));
    }
    return areas;
}

UcdMemory read_ucd_memory(const std::vector<VarBind>& walked) {
    UcdMemory memory;
    for (const auto& [oid, value] : walked) {
        if (!within(oid, ucd_memory) || oid.size() != ucd_memory.size() + 2 || oid.back() != 0) continue;
        auto kib = unsigned_of(value);
        // The 64-bit objects (.20 on) come later in the walk and win: the 32-bit ones wrap
        // on hosts with 2 TiB of memory or more.
        switch (oid[ucd_memory.size()]) {
            case 5: case 20: memory.total_kib = kib; break;       // memTotalReal(X)
            case 6: case 21: memory.free_kib = kib; break;        // memAvailReal(X): MemFree, despite its name
            case 14: case 25: memory.buffers_kib = kib; break;    // memBuffer(X)
            case 15: case 26: memory.cached_kib = kib; break;     // memCached(X)
            case 27: memory.available_kib = kib; break;           // memSysAvail: MemAvailable
            default: break;
        }
    }
    return memory;
}

std::vector<VmwareVm> read_vmware_vms(const std::vector<VarBind>& walked) {
    std::vector<VmwareVm> vms;
    for (const Row& row : rows_of(walked, vmw_vm_entry)) {
        VmwareVm vm;
        vm.index = index_text(row.index);
        auto text = [&](std::uint32_t n) { const Value* v = column(row, n); return v ? text_of(*v) : std::string(); };
        auto number = [&](std::uint32_t n) {
            const Value* v = column(row, n);
            return v ? unsigned_of(*v) : std::nullopt;
        };
        vm.name = text(2);
        if (vm.name.empty()) vm.name = "vm " + vm.index;
        vm.guest_os = text(4);
        vm.memory_mb = number(5);
        vm.state = text(6);
        vm.guest_state = text(8);
        vm.cpus = number(9);
        vm.uuid = text(10);
        vms.push_back(std::move(vm));
    }
    return vms;
}

}  // namespace virtcheck::snmp
