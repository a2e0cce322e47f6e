// libFuzzer target: what an SNMP agent answers, in snmpsim's recording format (one
// "OID|TAG|VALUE" line per varbind, so the recordings in tests/fixtures/snmp are the seeds),
// through every table reader: storage (datastores, host memory), processor loads, UCD
// memory, VMware's VM table, the host probe. Nothing crashes, and what is accepted adds up.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "collect/snmp/datastores.hpp"
#include "collect/snmp/host_figures.hpp"
#include "collect/snmp/host_probe.hpp"
#include "collect/snmp/tables.hpp"
#include "collect/snmp/vmware_vms.hpp"
#include "core/errors.hpp"

using namespace virtcheck;
using namespace virtcheck::snmp;

namespace {

std::optional<std::int64_t> number(std::string_view text) {
    if (text.empty() || text.size() > 20) return std::nullopt;
    std::int64_t value = 0;
    bool negative = text.front() == '-';
    if (negative) text.remove_prefix(1);
    if (text.empty()) return std::nullopt;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = static_cast<std::int64_t>(static_cast<std::uint64_t>(value) * 10 + static_cast<std::uint64_t>(c - '0'));
    }
    return negative ? static_cast<std::int64_t>(0 - static_cast<std::uint64_t>(value)) : value;
}

// snmprec tags: 2 Integer32, 4 OctetString (4x: hex), 5 Null, 6 OID, 64 IpAddress, 65 Counter32,
// 66 Gauge32, 67 TimeTicks, 70 Counter64, 128-130 noSuchObject, noSuchInstance, endOfMibView.
Value value_of(std::string_view tag, std::string_view text) {
    Value value;
    auto n = number(text);
    if (tag == "2") value = {Value::Type::Integer, n.value_or(0)};
    else if (tag == "4" || tag == "4x") value.type = Value::Type::OctetString, value.text = std::string(text);
    else if (tag == "6") value.type = Value::Type::ObjectId, value.text = std::string(text);
    else if (tag == "64") value.type = Value::Type::IpAddress, value.text = std::string(text);
    else if (tag == "65" || tag == "66" || tag == "67" || tag == "70")
        value = {Value::Type::Unsigned, 0, static_cast<std::uint64_t>(n.value_or(0)), "", tag == "67"};
    else if (tag == "128") value.type = Value::Type::NoSuchObject;
    else if (tag == "129") value.type = Value::Type::NoSuchInstance;
    else if (tag == "130") value.type = Value::Type::EndOfMibView;
    else if (tag == "5") value.type = Value::Type::Null;
    else value.type = Value::Type::Other;
    return value;
}

std::vector<VarBind> varbinds(std::string_view text) {
    std::vector<VarBind> walked;
    while (!text.empty() && walked.size() < 4096) {
        auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        auto first = line.find('|');
        auto second = first == std::string_view::npos ? first : line.find('|', first + 1);
        if (second == std::string_view::npos) continue;
        auto oid = parse_oid(line.substr(0, first));
        if (!oid) continue;
        walked.push_back({*oid, value_of(line.substr(first + 1, second - first - 1), line.substr(second + 1))});
    }
    return walked;
}

void require(bool holds) {
    if (!holds) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto walked = varbinds(std::string_view(reinterpret_cast<const char*>(data), size));

    auto storage = read_storage(walked);
    for (const auto& area : storage) {
        if (area.size_bytes || area.used_bytes) require(area.size_bytes && area.used_bytes && area.problem.empty());
        if (area.size_bytes) require(*area.used_bytes <= *area.size_bytes);
    }
    for (const char* types : {"fixed", "all", "ram"}) {
        for (const auto& pool : storage_as_pools(storage, {types}))
            require(pool.allocation <= pool.capacity && pool.available <= pool.capacity);
    }
    try {
        storage_as_pools(storage, {"floppy"});
        std::abort();
    } catch (const UsageError&) {
    }

    for (const auto& load : read_processor_load(walked))
        if (load.percent) require(*load.percent >= 0 && *load.percent <= 100);
    auto cpu = host_cpu_of(read_processor_load(walked), "1.3.6.1.4.1.8072.3.2.10");
    require(!cpu.loads.empty() || !cpu.problem.empty());

    auto memory = host_memory_of(storage, read_ucd_memory(walked));
    if (memory.total) require((memory.available || memory.free) && *memory.total > 0);

    auto vms = vmware_vms_as_model(read_vmware_vms(walked));
    for (const auto& vm : vms) require(!vm.name.empty() && !vm.uuid.empty());

    auto status = hypervisor_status(read_host_answer(walked));
    require(!status.product.empty());
    return 0;
}
